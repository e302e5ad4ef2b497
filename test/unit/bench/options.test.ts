import { BenchInputError, reportBenchFailure, safeUrl } from '../../../bench/bench-errors';
import { checkSelections, parseBenchOptions, selects } from '../../../bench/options';
import { benchRedis } from '../../../bench/redis';

const ids = ['dispatch-single', 'drain-c1', 'postgres-drain-c1', 'peers-drain', 'latency-redis'];

describe('bench options', () => {
  it('reads --repeats, --scale and --only', () => {
    expect(parseBenchOptions(['--repeats', '3', '--scale', '0.5', '--only', 'drain, peers'])).toEqual({
      repeats: 3,
      scale: 0.5,
      only: ['drain', 'peers'],
    });
    expect(parseBenchOptions([])).toEqual({ scale: 1, only: [] });
  });

  it.each([
    [['--repeats', '0'], '--repeats must be a positive integer, got "0"'],
    [['--scale', 'abc'], '--scale must be a positive number, got "abc"'],
    [['--repets', '3'], "Unknown option '--repets'. Usage: npm run bench -- [--repeats N]"],
  ])('refuses %j in one line', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(BenchInputError);
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });

  it('selects ids and groups (the words before a dash)', () => {
    const only = parseBenchOptions(['--only', 'postgres-drain,latency']);
    expect(ids.filter((id) => selects(only, id))).toEqual(['postgres-drain-c1', 'latency-redis']);
    expect(() => checkSelections(only, ids)).not.toThrow();
  });

  it('refuses an --only name that selects nothing, listing ids and groups', () => {
    const only = parseBenchOptions(['--only', 'drain,dispach']);
    expect(() => checkSelections(only, ids)).toThrow(
      '--only "dispach" selects nothing. Ids: dispatch-single, drain-c1, postgres-drain-c1, peers-drain, ' +
        'latency-redis. Groups: dispatch, drain, postgres, postgres-drain, peers, latency.',
    );
  });
});

describe('bench failures', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });

  it('says an input error in one line and exits 2; anything else keeps its stack and exits 1', () => {
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    reportBenchFailure(new BenchInputError('--scale must be a positive number'));
    expect(printed).toHaveBeenLastCalledWith('bench: --scale must be a positive number');
    expect(process.exitCode).toBe(2);
    const bug = new TypeError('x is undefined');
    reportBenchFailure(bug);
    expect(printed).toHaveBeenLastCalledWith(bug);
    expect(process.exitCode).toBe(1);
  });

  it('masks a password in a URL it prints', () => {
    expect(safeUrl('redis://user:secret@db.example:6379/0')).toBe('redis://user:***@db.example:6379/0');
    expect(safeUrl('postgres://db.example/app')).toBe('postgres://db.example/app');
  });

  it('names an unreachable REDIS_URL once, with the socket error, instead of retrying forever', async () => {
    // port 1 on loopback: nothing listens there, so the connection is refused at once
    await expect(benchRedis('redis://:pw@127.0.0.1:1')).rejects.toThrow(
      'REDIS_URL redis://:***@127.0.0.1:1 cannot be reached (connect ECONNREFUSED 127.0.0.1:1)',
    );
  });
});
