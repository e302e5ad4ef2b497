import type { Command } from 'commander';
import { legacyConfigFromEnv } from '../config/legacy-config';
import { FlagService, type FlagChangeHook } from '../flags/flag-service';
import { openFlags } from '../flags/open-flags';
import { loadLegacyMapping } from '../legacy/load-legacy-mapping';
import { createLegacyDb } from '../legacy/open-legacy-db';
import { releaseOnSwitchBack } from '../legacy/release-hook';
import { createCliContext } from './context';

async function withFlags(run: (service: FlagService) => Promise<unknown>): Promise<void> {
  const { symphony, config } = await createCliContext();
  const flags = openFlags(symphony);
  const { databaseUrl, poolSize } = legacyConfigFromEnv();
  const db = databaseUrl ? createLegacyDb(databaseUrl, { max: Math.min(poolSize, 2) }) : undefined;
  try {
    const hooks: FlagChangeHook[] = db ? [releaseOnSwitchBack(db, loadLegacyMapping(config.appModule))] : [];
    const result = await run(new FlagService(flags.store, hooks));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await db?.close();
    await flags.close();
    await symphony.close();
  }
}

export function registerFlagCommands(program: Command): void {
  program
    .command('flags:list')
    .description(
      'who runs each legacy job: legacy (old cron), symphony (the bus) or shadow (both, bus records only)',
    )
    .action(() => withFlags((s) => s.list()));
  program
    .command('flags:set <job> <mode>')
    .description(
      'switch a job (emails, campaigns, drips) to legacy, symphony or shadow; every process follows within seconds',
    )
    .action((job: string, mode: string) => withFlags((s) => s.set(job, mode)));
}
