import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPgliteStore } from './pglite-store';
import { templateFile, writeTemplate } from './pglite-template';

/**
 * Makes this install's template for new embedded stores: initdb and every migration in a scratch
 * directory, dumped as PGlite's tarball. Returns the file written.
 */
export async function makePgliteTemplate(file: string = templateFile()): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-pglite-template-'));
  try {
    const store = openPgliteStore(`pglite://${dir}`, { template: false });
    try {
      await store.schema.migrate();
      writeTemplate(await store.dump(), file);
    } finally {
      await store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return file;
}
