import { createTwoFilesPatch } from 'diff';
import { ValidationError } from '../errors';
import { legacyJobs, type LegacyJob } from '../legacy/legacy-mapping';

/** What became of one cron entry of vercel.json. */
export interface CronVerdict {
  path: string;
  schedule: string;
  /** `bridge`: a legacy job's poller, replaced by the bridge; `kept`: Symphony's own route; `unmapped`: left as it was. */
  action: 'bridge' | 'kept' | 'unmapped';
  job?: LegacyJob;
  reason: string;
}

export interface PortedCrons {
  verdicts: CronVerdict[];
  vercelJson: string;
  schedulesTs: string;
  /** Unified diff of both files; empty when nothing changes. */
  diff: string;
}

interface CronEntry {
  path: string;
  schedule: string;
}

/** The routes of Symphony itself on a serverless platform (src/http/routes/cron.routes.ts). */
export const SYMPHONY_CRONS: readonly CronEntry[] = [
  { path: '/api/cron/symphony-worker', schedule: '* * * * *' },
  { path: '/api/cron/symphony-scheduler', schedule: '*/5 * * * *' },
];

/** A legacy job's poller, recognised by its route's name (e-mail queue, campaigns, SMS drips). */
const JOB_ROUTES: Record<LegacyJob, RegExp> = {
  campaigns: /campaign/i,
  drips: /drip|sms/i,
  emails: /e-?mail|mail-?queue|outbox/i,
};

const BRIDGE_DECLARATION = `  defineSchedule({ id: 'legacy-bridge', message: legacyBridge, body: {}, every: 3000 }),`;

export function judgeCron(entry: CronEntry): CronVerdict {
  if (SYMPHONY_CRONS.some((s) => s.path === entry.path))
    return { ...entry, action: 'kept', reason: "Symphony's own route" };
  const job = legacyJobs.find((j) => JOB_ROUTES[j].test(entry.path));
  if (job)
    return {
      ...entry,
      action: 'bridge',
      job,
      reason: `polls the ${job} table: the bridge moves its rows (flag ${job})`,
    };
  return {
    ...entry,
    action: 'unmapped',
    reason:
      'not a legacy job route: kept in vercel.json; declare a schedule for it by hand if it should run on the bus',
  };
}

/**
 * vercel.json with the legacy pollers removed (Symphony's routes added if missing, anything not
 * understood kept), and queues/schedules.ts with the bridge declared once a poller was found.
 */
export function portCrons(vercelText: string, schedulesText: string, file = 'vercel.json'): PortedCrons {
  const vercel = parseVercel(vercelText, file);
  const entries = (vercel.crons ?? []) as CronEntry[];
  const verdicts = entries.map(judgeCron);
  const crons = [
    ...verdicts.filter((v) => v.action !== 'bridge').map(({ path, schedule }) => ({ path, schedule })),
    ...SYMPHONY_CRONS.filter((s) => !entries.some((e) => e.path === s.path)),
  ];
  const unchanged = crons.length === entries.length && crons.every((c, i) => c.path === entries[i]!.path);
  const vercelJson = unchanged ? vercelText : withCrons(vercelText, vercel, crons);
  const needsBridge =
    verdicts.some((v) => v.action === 'bridge') && !schedulesText.includes("'legacy-bridge'");
  const schedulesTs = needsBridge ? withBridge(schedulesText) : schedulesText;
  const diff = [
    vercelJson === vercelText ? '' : createTwoFilesPatch(file, file, vercelText, vercelJson),
    schedulesTs === schedulesText
      ? ''
      : createTwoFilesPatch('queues/schedules.ts', 'queues/schedules.ts', schedulesText, schedulesTs),
  ].join('');
  return { verdicts, vercelJson, schedulesTs, diff };
}

function parseVercel(text: string, file: string): { crons?: unknown } & Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${file} is not JSON`, [{ path: file, message: (error as Error).message }]);
  }
  const crons = (parsed as { crons?: unknown }).crons;
  const valid =
    crons === undefined ||
    (Array.isArray(crons) &&
      crons.every((c) => typeof c?.path === 'string' && typeof c?.schedule === 'string'));
  if (!valid || typeof parsed !== 'object' || parsed === null)
    throw new ValidationError(`${file} is not a vercel.json`, [
      { path: 'crons', message: 'expected a list of { "path": "/api/…", "schedule": "<cron>" }' },
    ]);
  return parsed as Record<string, unknown>;
}

/** Appends the bridge's declaration to the schedules list and imports what it needs. */
function withBridge(text: string): string {
  const end = text.lastIndexOf('];');
  if (end < 0)
    throw new ValidationError('queues/schedules.ts has no schedules list', [
      { path: 'queues/schedules.ts', message: 'expected `export const schedules = [ … ];`' },
    ]);
  let out = `${text.slice(0, end)}${BRIDGE_DECLARATION}\n${text.slice(end)}`;
  if (!/\blegacyBridge\b/.test(text.slice(0, end)))
    out = `import { legacyBridge } from './messages';\n${out}`;
  if (!/\bdefineSchedule\b/.test(text))
    out = `import { defineSchedule } from '../src/scheduler/schedule-declaration';\n${out}`;
  return out;
}

/**
 * The file with only its `crons` list rewritten (one entry a line), so the rest keeps its layout;
 * a file without the list gets it added.
 */
function withCrons(text: string, vercel: Record<string, unknown>, crons: CronEntry[]): string {
  const span = cronsSpan(text);
  if (!span) return `${JSON.stringify({ ...vercel, crons }, null, 2)}\n`;
  const indent = /([ \t]*)"crons"/.exec(text.slice(text.lastIndexOf('\n', span.start) + 1))?.[1] ?? '  ';
  const lines = crons.map(
    (c) => `${indent}  { "path": ${JSON.stringify(c.path)}, "schedule": ${JSON.stringify(c.schedule)} }`,
  );
  const list = crons.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n${indent}]`;
  return `${text.slice(0, span.start)}${list}${text.slice(span.end)}`;
}

/** Where the top-level `"crons": [...]` array stands in the text (a scan that skips JSON strings). */
function cronsSpan(text: string): { start: number; end: number } | undefined {
  let depth = 0;
  let key: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      key = text.slice(i + 1, j);
      i = j;
    } else if (ch === '{' || ch === '[') {
      if (depth === 1 && ch === '[' && key === 'crons') return { start: i, end: matching(text, i) };
      depth++;
    } else if (ch === '}' || ch === ']') depth--;
  }
  return undefined;
}

function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (ch === '[' || ch === '{') depth++;
    else if ((ch === ']' || ch === '}') && --depth === 0) return i + 1;
  }
  return text.length;
}
