/**
 * `npm ci` / `npm install` run this in a clone (the `prepare` script): it makes the template new
 * embedded stores (pglite://) start from, so the first `npm start` skips initdb and the
 * migrations. It never fails the install: without a template a new store is made the slow way.
 */
import fs from 'node:fs';
import { makePgliteTemplate } from '../src/transport/bullmq/pglite/make-template';
import { templateFile } from '../src/transport/bullmq/pglite/pglite-template';

async function main(): Promise<void> {
  const file = templateFile();
  // production images never pick the embedded store by themselves; a clone's first start does
  if (process.env.NODE_ENV === 'production' || fs.existsSync(file)) return;
  const started = Date.now();
  await makePgliteTemplate(file);
  process.stdout.write(`embedded store template ready in ${Date.now() - started} ms: ${file}\n`);
}

main().catch((error: Error) =>
  process.stderr.write(
    `warning: no embedded store template (${error.message}); new stores take longer to make\n`,
  ),
);
