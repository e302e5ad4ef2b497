import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preparingNotice } from '../../../src/cli/embedded-api';

describe('preparingNotice', () => {
  it('says the first start of an embedded store takes a moment, and nothing once it exists', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-notice-'));
    try {
      expect(preparingNotice(`pglite://${dir}/store`)).toMatch(
        /^Preparing the embedded store in .*store \(first start/,
      );
      fs.mkdirSync(`${dir}/store`);
      fs.writeFileSync(`${dir}/store/PG_VERSION`, '17');
      expect(preparingNotice(`pglite://${dir}/store`)).toBeUndefined();
      expect(preparingNotice('redis://127.0.0.1:6379')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
