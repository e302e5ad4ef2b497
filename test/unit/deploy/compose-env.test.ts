import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { envSchema, parseEnv } from '../../../src/config/env';
import { alertsConfigFromEnv } from '../../../src/config/alerts-config';
import { providersConfigFromEnv } from '../../../src/config/providers-config';
import { ERROR_CATALOGUE } from '../../../src/error-catalogue';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  command?: string[];
  restart?: string;
  environment?: Record<string, string>;
}
const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const api = compose.services.api!;

/** `KEY=value` lines of .env.example: the ones a copy sets, and the commented-out defaults. */
function envExample(): { set: Record<string, string>; commented: Record<string, string> } {
  const set: Record<string, string> = {};
  const commented: Record<string, string> = {};
  for (const line of read('.env.example').split('\n')) {
    const m = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) (m[1] ? commented : set)[m[2]!] = m[3]!;
  }
  return { set, commented };
}

/** The service's environment as compose passes it when the shell and .env set nothing: `${X:-d}` is d. */
const composeEnvironment = (service: Service): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [
      k,
      String(v).replace(
        /\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g,
        (_m, fallback: string | undefined) => fallback ?? '',
      ),
    ]),
  );

/**
 * The api service's command as its container runs it: compose turns `$$` into `$` and interpolates
 * nothing else (checked below), then the argv runs with the container's environment.
 */
function runApiCommand(env: Record<string, string>) {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-api-'));
  // a stand-in for the image's node: says how it was called
  fs.writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho "node $*"\n', { mode: 0o755 });
  try {
    const [file, ...args] = api.command!.map((part) => part.replace(/\$\$/g, '$'));
    return spawnSync(file!, args, { env: { PATH: `${bin}:/usr/bin:/bin`, ...env }, encoding: 'utf8' });
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

describe('docker-compose.yml and .env.example', () => {
  it('the api service without a token stops with one line and is not restarted', () => {
    const run = runApiCommand(composeEnvironment(api)); // no token in the shell nor in .env
    expect(run.stdout).toBe(''); // node never ran
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining('SYMPHONY_ADMIN_TOKENS in .env'),
    ]);
    // exit 0 under `on-failure`: Docker does not restart it; a crash (non-zero) is, a bounded number of times
    expect(run.status).toBe(0);
    expect(api.restart).toMatch(/^on-failure:\d+$/);
    // compose interpolates nothing in the command: every `$` is escaped as `$$` for the container's shell
    expect(api.command!.join(' ').replace(/\$\$/g, '')).not.toContain('$');
  });

  it('with a token the api service runs the HTTP API with node, as the process that gets the signals', () => {
    const run = runApiCommand({ ...composeEnvironment(api), SYMPHONY_ADMIN_TOKENS: 'a'.repeat(32) });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(
      'node dist/src/cli/main.js serve --shutdown-timeout 30 --metrics-port 9464',
    );
    expect(api.command!.join(' ')).toContain('exec node '); // exec: node is PID 1, SIGTERM reaches it
  });

  it('.env.example lists every variable docker-compose.yml and the README configuration use, without secrets', () => {
    const { set, commented } = envExample();
    const listed = new Set([...Object.keys(set), ...Object.keys(commented)]);
    const fromCompose = [...read('docker-compose.yml').matchAll(/(?<!\$)\$\{([A-Z][A-Z0-9_]*)/g)].map(
      (m) => m[1]!,
    );
    const readme = read('README.md');
    const configuration = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('## Observable contract'),
    );
    const fromReadme = [...configuration.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]|PORT|NODE_ENV)`/g)]
      .map((m) => m[1]!)
      .filter((name) => !(name in ERROR_CATALOGUE)); // error codes, not variables
    const fromSchema = Object.keys(envSchema.shape);
    expect(fromCompose.length).toBeGreaterThan(8);
    expect(fromReadme.length).toBeGreaterThan(30);
    expect(
      [...new Set([...fromCompose, ...fromReadme, ...fromSchema])].filter((v) => !listed.has(v)),
    ).toEqual([]);
    // no secret ships: every token, secret, password and credential-bearing URL is empty
    const secrets = Object.entries({ ...set, ...commented }).filter(([k]) =>
      /TOKEN|SECRET|PASSWORD|SMTP_URL|LEGACY_DATABASE_URL/.test(k),
    );
    expect(secrets.length).toBeGreaterThan(6);
    expect(secrets.filter(([, v]) => v !== '')).toEqual([]);
  });

  it('.env.example copied as it is is a valid configuration, and each default it shows is accepted', () => {
    const { set, commented } = envExample();
    expect(() => parseEnv(set)).not.toThrow();
    expect(() => alertsConfigFromEnv(set)).not.toThrow();
    expect(() => providersConfigFromEnv(set)).not.toThrow();
    const refused = Object.entries(commented).filter(([name, value]) => {
      if (value === '' || !(name in envSchema.shape)) return false;
      try {
        parseEnv({ [name]: value });
        return false;
      } catch {
        return true;
      }
    });
    expect(refused).toEqual([]);
  });
});
