import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createMetrics } from '../../../src/metrics/registry';
import { rules as appRules } from '../../../queues/alerts';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Every series name a scrape of /metrics can show: the TYPE lines, with a histogram's _bucket/_sum/_count. */
async function exportedNames(): Promise<Set<string>> {
  const text = await createMetrics().registry.metrics();
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
  }
  return names;
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'le']);

/**
 * Metric names in a PromQL expression: every identifier left once strings, label matchers, ranges,
 * groupings and function calls are taken out (so a misspelt name is caught, whatever its prefix).
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1]!)
    .filter((name) => !KEYWORDS.has(name));
}

describe('shipped operator files', () => {
  it('the Grafana dashboard parses and names only metrics that /metrics exports', async () => {
    const dashboard = JSON.parse(read('deploy/grafana/symphony.json'));
    const exprs: string[] = [
      ...dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) =>
        (p.targets ?? []).map((t) => t.expr),
      ),
      // Grafana's label_values(metric, label): the metric only
      ...dashboard.templating.list.flatMap((v: { query?: { query?: string } }) =>
        v.query?.query ? [v.query.query.replace(/^label_values\(([^,]+),.*\)$/, '$1')] : [],
      ),
    ];
    const used = new Set(exprs.flatMap(metricNames));
    expect(used.size).toBeGreaterThan(10);
    const exported = await exportedNames();
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
    // every panel has a place and a data source
    for (const panel of dashboard.panels)
      expect(panel.gridPos).toEqual(expect.objectContaining({ w: expect.any(Number) }));
  });

  it('the Prometheus rules name only metrics that /metrics exports, one per alert of queues/alerts.ts (and one more)', async () => {
    const rules = parse(read('deploy/prometheus/alerts.yml')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const all = rules.groups.flatMap((g) => g.rules);
    const exported = await exportedNames();
    const missing = all.flatMap((r) => metricNames(r.expr)).filter((name) => !exported.has(name));
    expect(missing).toEqual([]);
    expect(all).toHaveLength(appRules.length + 1); // + SymphonyGaugesMissing, which only Prometheus can see
  });

  it('docker-compose.yml parses, mounts both files, and scrapes the metrics ports it opens', () => {
    const compose = parse(read('docker-compose.yml')) as {
      services: Record<
        string,
        { command?: string[]; volumes?: string[]; environment?: Record<string, string> }
      >;
    };
    const mounts = Object.values(compose.services).flatMap((s) => s.volumes ?? []);
    const hostPaths = mounts.map((m) => m.split(':')[0]!).filter((p) => p.startsWith('./'));
    expect(hostPaths).toEqual(
      expect.arrayContaining(['./deploy/prometheus/alerts.yml', './deploy/grafana/symphony.json']),
    );
    for (const p of hostPaths) expect(fs.existsSync(path.join(ROOT, p))).toBe(true);
    const prometheus = parse(read('deploy/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const target of targets) {
      const [service, port] = target.split(':');
      // a plain argv, or a shell line that execs it (the api's token check)
      expect(compose.services[service!]!.command!.join(' ')).toMatch(new RegExp(`--metrics-port ${port}\\b`));
      expect(compose.services[service!]!.environment!.SYMPHONY_METRICS_HOST).toBe('0.0.0.0');
    }
  });
});
