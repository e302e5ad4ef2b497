import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePgliteTemplate } from '../../src/transport/bullmq/pglite/make-template';
import { openPgliteStore } from '../../src/transport/bullmq/pglite/pglite-store';
import { isNewDataDir, templateKey } from '../../src/transport/bullmq/pglite/pglite-template';

/**
 * A new embedded store starts from the install's template (made by `npm ci`): a data directory
 * already through initdb and every migration, so the first start skips both.
 */
describe('embedded store template', () => {
  jest.setTimeout(600_000); // initdb in WebAssembly on a shared 2-core machine
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-template-test-'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('is made once and gives a new directory an up-to-date schema without migrating', async () => {
    const template = await makePgliteTemplate(path.join(scratch, `pglite-${templateKey()}`));
    expect(isNewDataDir(template)).toBe(false);
    expect(fs.readdirSync(scratch)).toEqual([path.basename(template)]); // no scratch left beside it

    const dir = path.join(scratch, 'store');
    expect(isNewDataDir(dir)).toBe(true);
    const store = openPgliteStore(`pglite://${dir}`, { template });
    try {
      // read before anything could migrate: only the template can have made the schema
      expect(await store.schema.status()).toMatchObject({ upToDate: true, schema: 'symphony' });
    } finally {
      await store.close();
    }
    expect(isNewDataDir(dir)).toBe(false);

    const again = openPgliteStore(`pglite://${dir}`, { template });
    try {
      expect(await again.schema.status()).toMatchObject({ upToDate: true });
    } finally {
      await again.close();
    }
  });

  it('is not used when asked not to: initdb only, an empty schema', async () => {
    const dir = path.join(scratch, 'plain');
    const store = openPgliteStore(`pglite://${dir}`, { template: false });
    try {
      expect(await store.schema.status()).toMatchObject({ current: 0, upToDate: false });
    } finally {
      await store.close();
    }
  });
});
