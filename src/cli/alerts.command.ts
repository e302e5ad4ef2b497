import type { Command } from 'commander';
import { AlertService, type AlertsReport } from '../alerts/alert-service';
import { columns, firstLine } from './columns';
import { withCliContext } from './context';
import { writeOut } from './output';

export function registerAlertCommands(program: Command): void {
  program
    .command('alerts:list')
    .description(
      'the alert rules (queues/alerts.ts) and their state: ok, firing, pending (cooldown), unknown',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await withCliContext(async ({ symphony }) => {
        const service = new AlertService(symphony);
        try {
          return await service.list();
        } finally {
          await service.close();
        }
      });
      writeOut(opts.json ? `${JSON.stringify(report)}\n` : formatAlerts(report));
    });
}

export function formatAlerts(report: AlertsReport): string {
  if (report.rules.length === 0)
    return 'No alert rules: declare them in queues/alerts.ts (see docs/operations.md).\n';
  const table = columns([
    ['rule', 'status', 'severity', 'since', 'now'],
    ...report.rules.map((r) => [r.id, r.status, r.severity, r.since ?? '-', firstLine(r.detail, 70)]),
  ]);
  const evaluator = report.evaluator ?? 'none running (start a worker, serve or start process)';
  const notifiers = ['log', ...report.notifiers].join(', ');
  return `${table}\nevaluator: ${evaluator}\nnotifiers: ${notifiers}; cooldown ${report.cooldownMs / 1000} s\n`;
}
