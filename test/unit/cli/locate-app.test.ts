import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { locateApp } from '../../../src/cli/locate-app';
import { AppNotFoundError } from '../../../src/errors';

describe('locateApp', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-locate-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const touch = (...files: string[]) =>
    files.forEach((f) => {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    });

  it('finds symphony.config.* in the working directory, TypeScript first', () => {
    touch('symphony.config.js', 'symphony.config.ts');
    expect(locateApp({ cwd: dir })).toBe(path.join(dir, 'symphony.config.ts'));
    fs.rmSync(path.join(dir, 'symphony.config.ts'));
    expect(locateApp({ cwd: dir })).toBe(path.join(dir, 'symphony.config.js'));
  });

  it('takes --app over SYMPHONY_APP over the convention, resolving like require', () => {
    touch('symphony.config.ts', 'flag/app.ts', 'env/index.mts');
    expect(locateApp({ cwd: dir, flag: 'flag/app', configured: 'env' })).toBe(path.join(dir, 'flag/app.ts'));
    expect(locateApp({ cwd: dir, configured: 'env' })).toBe(path.join(dir, 'env/index.mts'));
    expect(locateApp({ cwd: dir, configured: '' })).toBe(path.join(dir, 'symphony.config.ts'));
  });

  it('refuses with one line when there is no app, never falling back to a demo', () => {
    touch('queues/index.ts');
    expect(() => locateApp({ cwd: dir })).toThrow(AppNotFoundError);
    expect(() => locateApp({ cwd: dir })).toThrow(
      `No Symphony app in ${dir}: create symphony.config.ts there (export default defineApp({ messages, routing, handlers })) or pass --app <path>.`,
    );
    expect(() => locateApp({ cwd: dir, flag: 'missing.ts' })).toThrow(
      `--app missing.ts: no such module (looked for ${path.join(dir, 'missing.ts')}).`,
    );
    expect(() => locateApp({ cwd: dir, configured: 'missing' })).toThrow(
      /^SYMPHONY_APP missing: no such module/,
    );
  });
});
