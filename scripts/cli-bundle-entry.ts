import path from 'node:path';
import * as app from '../symphony.config';
import { preloadAppModule } from '../src/cli/import-app-module';
import { exitWhenFlushed, main } from '../src/cli/main';

/**
 * The CLI with this repository's app compiled in: one file, so a short command loads in a fraction
 * of the time the TypeScript sources take (scripts/build-cli-bundle.ts builds it, bin/ runs it).
 * `cwd` is the project root the app is looked up in, as locateApp finds it there.
 */
export function run(cwd: string): void {
  preloadAppModule(path.join(cwd, 'symphony.config.ts'), app);
  void main().then(exitWhenFlushed);
}
