import fs from 'node:fs';
import { openPgliteStore } from './pglite-store';
import { installTemplate, templateDir } from './pglite-template';

/**
 * Makes this install's template for new embedded stores: initdb and every migration in a scratch
 * directory beside it, closed, then renamed into place. Returns the template's directory.
 */
export async function makePgliteTemplate(template: string = templateDir()): Promise<string> {
  const making = `${template}.making-${process.pid}`;
  fs.rmSync(making, { recursive: true, force: true });
  try {
    const store = openPgliteStore(`pglite://${making}`, { template: false });
    try {
      await store.schema.migrate();
    } finally {
      await store.close();
    }
    installTemplate(making, template);
  } finally {
    fs.rmSync(making, { recursive: true, force: true });
  }
  return template;
}
