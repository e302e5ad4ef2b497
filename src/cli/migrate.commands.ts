import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { ValidationError } from '../errors';
import { legacyJobs, type LegacyJob } from '../legacy/legacy-mapping';
import { legacyRuntime } from '../legacy/legacy-runtime';
import { loadLegacyMapping } from '../legacy/load-legacy-mapping';
import { compareShadow } from '../migrate/compare-shadow';
import { importBacklog } from '../migrate/import-backlog';
import { portCrons } from '../migrate/port-crons';
import { createCliContext } from './context';
import { positiveInt } from './parse';

const jobArg = (value: string): LegacyJob => {
  if (!(legacyJobs as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${legacyJobs.join(', ')}`);
  return value as LegacyJob;
};

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

/** A command on the legacy tables: the bus (for dispatch) and the legacy runtime, both closed after. */
async function withLegacy<T>(run: (ctx: Awaited<ReturnType<typeof open>>) => Promise<T>): Promise<void> {
  const ctx = await open();
  try {
    print(await run(ctx));
  } finally {
    await ctx.runtime.close();
    await ctx.symphony.close();
  }
}

async function open() {
  const { symphony, config } = await createCliContext();
  const runtime = await legacyRuntime(loadLegacyMapping(config.appModule));
  return { symphony, runtime };
}

export function registerMigrateCommands(program: Command): void {
  program
    .command('migrate:crons [vercelJson]')
    .description(
      "port the platform's cron entries: legacy pollers are replaced by the bridge, the rest reported and kept",
    )
    .option('--write', 'write the reduced vercel.json and queues/schedules.ts')
    .option('--dry-run', 'print the changes as a diff, write nothing (the default)')
    .option('--schedules <file>', 'the schedules module to declare the bridge in', 'queues/schedules.ts')
    .action((file: string | undefined, opts: { write?: boolean; dryRun?: boolean; schedules: string }) => {
      const vercelPath = path.resolve(file ?? 'vercel.json');
      if (!fs.existsSync(vercelPath))
        throw new ValidationError('No vercel.json', [
          { path: 'vercelJson', message: `${vercelPath} does not exist` },
        ]);
      const schedulesPath = path.resolve(opts.schedules);
      const ported = portCrons(
        fs.readFileSync(vercelPath, 'utf8'),
        fs.existsSync(schedulesPath)
          ? fs.readFileSync(schedulesPath, 'utf8')
          : 'export const schedules = [\n];\n',
        path.basename(vercelPath),
      );
      for (const v of ported.verdicts)
        process.stderr.write(`${v.action.padEnd(8)} ${v.path}  (${v.schedule})  ${v.reason}\n`);
      if (opts.write && !opts.dryRun) {
        fs.writeFileSync(vercelPath, ported.vercelJson);
        fs.writeFileSync(schedulesPath, ported.schedulesTs);
        process.stderr.write(`wrote ${vercelPath} and ${schedulesPath}\n`);
      } else process.stdout.write(ported.diff || 'nothing to change\n');
    });
  program
    .command('migrate:import <job>')
    .description("one-shot import of a job's backlog of pending rows onto the bus (safe to run twice)")
    .option('--dry-run', 'count what would be imported, change nothing')
    .option('--batch <n>', 'rows per transaction', positiveInt)
    .action((job: string, opts: { dryRun?: boolean; batch?: number }) =>
      withLegacy(async ({ symphony, runtime }) => {
        const bar = process.stderr.isTTY
          ? new SingleBar({ stream: process.stderr, clearOnComplete: true })
          : undefined;
        bar?.start(0, 0);
        try {
          return await importBacklog(runtime, symphony, jobArg(job), {
            dryRun: opts.dryRun,
            batch: opts.batch,
            onProgress: (done, total) => {
              bar?.setTotal(Math.max(total, done));
              bar?.update(done);
            },
          });
        } finally {
          bar?.stop();
        }
      }),
    );
  program
    .command('migrate:compare <job>')
    .description('shadow mode: what the legacy job did with each row against what the bus recorded')
    .option('--limit <n>', 'differences listed at most', positiveInt, 50)
    .action((job: string, opts: { limit: number }) =>
      withLegacy(({ runtime }) => compareShadow(runtime, jobArg(job), opts.limit)),
    );
}
