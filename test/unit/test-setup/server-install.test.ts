import {
  missingServerPackages,
  planServerInstall,
  type InstallPlan,
  type InstallProbes,
} from '../../helpers/server-install';

const commandLines = (plan: InstallPlan): string[] =>
  plan.kind === 'install' ? plan.commands.map((argv) => argv.join(' ')) : [];

/** The decision `npm test` takes on a machine without its servers (probes injected: nothing is installed). */
describe('planServerInstall', () => {
  const debian = (over: Partial<InstallProbes> = {}): InstallProbes => ({
    platform: 'linux',
    isRoot: false,
    hasAptGet: true,
    canSudo: () => false,
    ...over,
  });

  it('does nothing when every server is there', () => {
    const canSudo = jest.fn(() => true);
    expect(planServerInstall([], debian({ canSudo }))).toEqual({ kind: 'nothing' });
    expect(canSudo).not.toHaveBeenCalled();
  });

  it('installs with apt-get as root, without asking sudo', () => {
    const canSudo = jest.fn(() => false);
    const plan = planServerInstall(['redis-server', 'postgresql'], debian({ isRoot: true, canSudo }));
    expect(plan).toMatchObject({
      kind: 'install',
      description: 'apt-get install -y -qq redis-server postgresql',
    });
    expect(commandLines(plan)).toEqual([
      'env apt-get update -qq',
      'env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql',
    ]);
    expect(canSudo).not.toHaveBeenCalled();
  });

  it('installs through passwordless sudo when not root', () => {
    const plan = planServerInstall(['postgresql'], debian({ canSudo: () => true }));
    expect(commandLines(plan)).toEqual([
      'sudo -n env apt-get update -qq',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql',
    ]);
  });

  it('stops with one line giving the apt-get command when sudo asks for a password', () => {
    const plan = planServerInstall(['redis-server', 'postgresql'], debian());
    expect(plan.kind).toBe('refuse');
    const { message } = plan as { message: string };
    expect(message).not.toContain('\n');
    expect(message).toContain('`sudo apt-get install -y redis-server postgresql`');
    expect(message).toContain('DATABASE_URL');
  });

  it('never tries apt-get where there is none: macOS gets the brew command', () => {
    const canSudo = jest.fn(() => true);
    const plan = planServerInstall(['redis-server'], {
      platform: 'darwin',
      isRoot: false,
      hasAptGet: false,
      canSudo,
    });
    expect(plan).toEqual({
      kind: 'refuse',
      message: expect.stringContaining('`brew install redis`'),
    });
    expect(canSudo).not.toHaveBeenCalled();
  });

  it('root without apt-get (another Linux) is told the command too, not left to a failed install', () => {
    const plan = planServerInstall(['postgresql'], debian({ isRoot: true, hasAptGet: false }));
    expect(plan).toMatchObject({ kind: 'refuse', message: expect.stringContaining('install -y postgresql') });
  });
});

describe('missingServerPackages', () => {
  it('needs no Redis or PostgreSQL binary when the environment points at running servers', () => {
    const env = { REDIS_URL: 'redis://x', REDIS_CLUSTER_URL: 'redis://y', DATABASE_URL: 'postgres://z' };
    const missing = missingServerPackages(env);
    expect(missing).not.toContain('redis-server');
    expect(missing).not.toContain('postgresql');
  });
});
