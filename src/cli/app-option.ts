import type { Command } from 'commander';
import type { AppDefinition } from '../bus/app-definition';
import type { SymphonyConfig } from '../config/config';
import { loadApp } from './load-app';

let flag: string | undefined;

/** `--app <path>` for every command, before or after the command's name. */
export function registerAppOption(program: Command): void {
  program.option(
    '--app <path>',
    'module exporting the app (default: ./symphony.config.ts, .mts, .js…; or SYMPHONY_APP)',
  );
  program.hook('preAction', (_program, action) => {
    flag = action.optsWithGlobals<{ app?: string }>().app;
  });
}

/** This command's app: --app, else SYMPHONY_APP, else symphony.config.* in the working directory. */
export const loadCliApp = (config: SymphonyConfig): Promise<AppDefinition> =>
  loadApp({ flag, configured: config.appModule });
