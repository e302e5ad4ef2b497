import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { readyLine } from '../../../src/cli/ready-line';
import { configFromEnv } from '../../../src/config/config';
import { parseEnv } from '../../../src/config/env';

const root = path.resolve(__dirname, '../../..');

/** One line logged by a fresh process whose stdout is a pipe, as `createProcessLogger` sets it up. */
function logLine(format?: 'json' | 'pretty'): string {
  const options = JSON.stringify(format ? { format } : {});
  const script = `require('./src/logger').createProcessLogger('info', ${options}).info({ n: 1 }, 'hello')`;
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' })
    .stdout;
}

describe('terminal logs', () => {
  it('are JSON lines on a pipe, and readable lines when LOG_FORMAT=pretty asks', () => {
    expect(JSON.parse(logLine())).toMatchObject({ level: 30, n: 1, msg: 'hello' });
    expect(JSON.parse(logLine('json'))).toMatchObject({ msg: 'hello' });
    const pretty = logLine('pretty');
    expect(pretty).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*: .*hello/);
    expect(() => JSON.parse(pretty)).toThrow();
  });

  it('LOG_FORMAT is json, pretty or unset (then: by terminal)', () => {
    expect(configFromEnv(parseEnv({ LOG_FORMAT: 'pretty' })).logFormat).toBe('pretty');
    expect(configFromEnv(parseEnv({})).logFormat).toBeUndefined();
    expect(() => parseEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('says ready with the API, admin UI and metrics addresses', () => {
    const [fields, text] = readyLine('http://127.0.0.1:3000', 'http://127.0.0.1:9464', 2345);
    expect(text).toBe(
      'ready in 2.3 s: API http://127.0.0.1:3000/api/symphony, admin UI http://127.0.0.1:3000/admin, ' +
        'metrics http://127.0.0.1:3000/metrics and http://127.0.0.1:9464/metrics',
    );
    expect(fields.admin).toBe('http://127.0.0.1:3000/admin');
  });
});
