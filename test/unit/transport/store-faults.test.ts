import { toUnavailable } from '../../../src/transport/bullmq/postgres-errors';
import { storeFault } from '../../../src/transport/bullmq/store-faults';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('store faults', () => {
  it.each([
    ['40P01', 'conflict'],
    ['40001', 'conflict'],
    ['57P01', 'unreachable'],
    ['57P03', 'unreachable'],
    ['08006', 'unreachable'],
    ['ECONNREFUSED', 'unreachable'],
    ['23505', undefined],
    ['BM001', undefined],
  ])('%s is %s', (code, fault) => {
    expect(storeFault(pgError(code))).toBe(fault);
  });

  it('reads a dropped socket from its message and a failed connect from its AggregateError', () => {
    expect(storeFault(new Error('Connection terminated unexpectedly'))).toBe('unreachable');
    const connect = Object.assign(new AggregateError([pgError('ECONNREFUSED')]), { code: undefined });
    expect(storeFault(connect)).toBe('unreachable');
  });
});

describe('a dispatch refused by a PostgreSQL that is down or restarting', () => {
  it.each([
    ['ECONNREFUSED', false],
    ['57P03', false],
    ['57P01', true],
    ['ECONNRESET', true],
  ])('%s is TRANSPORT_UNAVAILABLE (ambiguous: %s)', (code, ambiguous) => {
    expect(toUnavailable(pgError(code), 'postgres://db')).toMatchObject({
      code: 'TRANSPORT_UNAVAILABLE',
      ambiguous,
      retryAfterSeconds: 1,
    });
  });

  it('leaves other errors as they were', () => {
    const unique = pgError('23505');
    expect(toUnavailable(unique, 'postgres://db')).toBe(unique);
  });
});
