/**
 * `npm ci` / `npm install` run this in a clone (the `prepare` script): it makes the template new
 * embedded stores (pglite://) start from, so the first `npm start` skips initdb and the
 * migrations. It never fails the install: without a template a new store is made the slow way.
 */
import { makePgliteTemplate } from '../src/transport/bullmq/pglite/make-template';
import { isNewDataDir, templateDir } from '../src/transport/bullmq/pglite/pglite-template';

async function main(): Promise<void> {
  const template = templateDir();
  // production images never pick the embedded store by themselves; a clone's first start does
  if (process.env.NODE_ENV === 'production' || !isNewDataDir(template)) return;
  const started = Date.now();
  await makePgliteTemplate(template);
  process.stdout.write(`embedded store template ready in ${Date.now() - started} ms: ${template}\n`);
}

main().catch((error: Error) =>
  process.stderr.write(
    `warning: no embedded store template (${error.message}); new stores take longer to make\n`,
  ),
);
