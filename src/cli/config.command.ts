import type { Command } from 'commander';
import { createSymphony } from '../bus/symphony';
import { alertsConfigFromEnv } from '../config/alerts-config';
import { configFromEnv } from '../config/config';
import { httpConfigFromEnv } from '../config/http-config';
import { legacyConfigFromEnv } from '../config/legacy-config';
import { observabilityConfigFromEnv } from '../config/observability-config';
import { providersConfigFromEnv } from '../config/providers-config';
import { createLogger } from '../logger';
import { effectiveConfig } from '../system/effective-config';
import { loadCliApp } from './app-option';

export function registerConfigCommand(program: Command): void {
  program
    .command('config:show')
    .description(
      'the effective configuration (environment + app, merged for NODE_ENV) as JSON, secrets masked; checks it as a start would',
    )
    .action(async () => {
      const config = configFromEnv();
      const app = await loadCliApp(config);
      // connects to nothing: transports open on first use, and nothing here uses one
      const symphony = createSymphony(app, config, { logger: createLogger('silent') });
      try {
        const shown = effectiveConfig(symphony, {
          http: httpConfigFromEnv(),
          observability: observabilityConfigFromEnv(),
          providers: providersOrError(),
          legacy: legacyConfigFromEnv(),
          alerts: alertsConfigFromEnv(),
        });
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      } finally {
        await symphony.close();
      }
    });
}

/** The example handlers' providers: shown when configured, their error otherwise (an app may not use them). */
function providersOrError(): ReturnType<typeof providersConfigFromEnv> | { error: string } {
  try {
    return providersConfigFromEnv();
  } catch (error) {
    return { error: (error as Error).message };
  }
}
