import { Command } from 'commander';
import { commandName, registerCommands } from '../../../src/cli/command-modules';
import { buildProgram } from '../../../src/cli/main';

const names = (program: Command) => program.commands.map((c) => c.name());

describe('the CLI loads only the module of the command it runs', () => {
  it('finds the command after global options, skipping the value of --app', () => {
    expect(commandName(['stats', '--json'])).toBe('stats');
    expect(commandName(['--app', 'stats.ts', 'failed:list'])).toBe('failed:list');
    expect(commandName(['--json'])).toBeUndefined();
  });

  it('registers one module for a known command, every module for none or a typo', () => {
    const only = new Command();
    registerCommands(only, ['stats']);
    expect(names(only)).toEqual(['stats']);

    const family = new Command();
    registerCommands(family, ['sms:opt-out', '+33600000000']);
    expect(names(family)).toEqual(['campaign:status', 'sms:opt-out']);

    const start = new Command();
    registerCommands(start, ['start']);
    expect(names(start)).toEqual(['serve', 'start']);

    const all = new Command();
    registerCommands(all, ['stast']);
    expect(names(all)).toEqual(
      expect.arrayContaining(['worker', 'stats', 'failed:list', 'db:status', 'start']),
    );
    expect(names(all).length).toBeGreaterThan(30);

    const version = new Command();
    registerCommands(version, ['--version']);
    expect(names(version)).toEqual([]);
  });

  it('prints the package version with --version', () => {
    let out = '';
    const program = buildProgram(['--version']).configureOutput({ writeOut: (s) => (out += s) });
    expect(() => program.parse(['node', 'symphony', '--version'])).toThrow(
      expect.objectContaining({ code: 'commander.version' }),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the version this test must match
    expect(out).toBe(`${(require('../../../package.json') as { version: string }).version}\n`);
  });
});
