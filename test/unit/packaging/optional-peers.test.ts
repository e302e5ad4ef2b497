import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { MissingDependencyError } from '../../../src/errors';
import { HTTP_API_PEERS, withOptionalPeers } from '../../../src/packaging/optional-peers';

const ROOT = path.resolve(__dirname, '../../..');

describe('optional peers', () => {
  it('a missing one is one line naming every missing package and the install command', () => {
    const run = () => withOptionalPeers('The thing', ['zod', 'no-such-pkg-a', '@no/such-b'], () => 1);
    expect(run).toThrow(MissingDependencyError);
    expect(run).toThrow(
      'The thing needs no-such-pkg-a, @no/such-b, not installed: run `npm install no-such-pkg-a @no/such-b`.',
    );
    expect(withOptionalPeers('The thing', ['zod'], () => 42)).toBe(42);
  });

  it('importing the bus, the CLI and the client loads none of them (a producer installs none)', () => {
    const optional = [
      ...HTTP_API_PEERS,
      '@electric-sql/pglite',
      '@bull-board/api',
      'pino-pretty',
      'nodemailer',
      // traces: nothing of OpenTelemetry is even loaded while OTEL_* does not ask for it
      '@opentelemetry/sdk-node',
      'bullmq-otel',
      '@opentelemetry/api',
    ];
    const script = `
      for (const entry of ['./src/index.ts', './src/cli/main.ts', './src/next/index.ts', './src/client/index.ts', './src/testing/index.ts']) require(entry);
      const loaded = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(f)?.[1]);
      console.log(JSON.stringify([...new Set(loaded.filter(Boolean))]));`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded).toContain('bullmq');
    expect(loaded.filter((p) => optional.includes(p))).toEqual([]);
  });
});
