import { ValidationError } from '../../../src/errors';
import { delayFrom, parseDispatchOptions } from '../../../src/bus/dispatch-options';
import { MAX_PRIORITY } from '../../../src/bus/priority';

function issuesOf(options: unknown, path?: string): { path: string; message: string }[] {
  try {
    parseDispatchOptions(options, path);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

const pathsOf = (options: unknown, path?: string) => issuesOf(options, path).map((i) => i.path);

describe('dispatch options', () => {
  it('accepts no options and a full valid set', () => {
    expect(parseDispatchOptions(undefined)).toEqual({});
    const full = {
      queue: 'emails',
      priority: 'high' as const,
      delay: 0,
      idempotencyKey: 'k',
      idempotencyMode: 'window' as const,
      windowMs: 1000,
      correlationId: 'c',
      causationId: 'd',
      headers: { tenant: 't1' },
    };
    expect(parseDispatchOptions(full)).toEqual(full);
  });

  it.each([
    [{ queue: '' }, 'options.queue'],
    [{ priority: 'urgent' }, 'options.priority'],
    [{ priority: 0 }, 'options.priority'],
    [{ priority: 2.5 }, 'options.priority'],
    [{ priority: MAX_PRIORITY + 1 }, 'options.priority'],
    [{ delay: -1 }, 'options.delay'],
    [{ delay: 1.5 }, 'options.delay'],
    [{ availableAt: 'tomorrow' }, 'options.availableAt'],
    [{ availableAt: '2030-01-01T00:00:00' }, 'options.availableAt'],
    [{ availableAt: -5 }, 'options.availableAt'],
    [{ idempotencyKey: '' }, 'options.idempotencyKey'],
    [{ idempotencyKey: 'x'.repeat(513) }, 'options.idempotencyKey'],
    [{ idempotencyKey: 'k', idempotencyMode: 'forever' }, 'options.idempotencyMode'],
    [{ idempotencyKey: 'k', idempotencyMode: 'debounce', windowMs: 0 }, 'options.windowMs'],
    [{ correlationId: '' }, 'options.correlationId'],
    [{ causationId: '' }, 'options.causationId'],
    [{ headers: { n: 1 } }, 'options.headers.n'],
  ])('rejects case %# at %s', (options, path) => {
    expect(pathsOf(options)).toEqual([path]);
  });

  it('accepts every availableAt form: Date, ISO time with offset, epoch ms', () => {
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10); // within a year
    for (const availableAt of [new Date(), `${day}T00:00:00Z`, `${day}T00:00:00+02:00`, 0]) {
      expect(parseDispatchOptions({ availableAt }).availableAt).toEqual(availableAt);
    }
  });

  it('names an unknown option by its path', () => {
    expect(issuesOf({ qeue: 'emails', dealy: 5 })).toEqual([
      { path: 'options.qeue', message: 'unknown field' },
      { path: 'options.dealy', message: 'unknown field' },
    ]);
  });

  it('requires windowMs for the window mode', () => {
    expect(pathsOf({ idempotencyKey: 'k', idempotencyMode: 'window' })).toEqual(['options.windowMs']);
    expect(() =>
      parseDispatchOptions({ idempotencyKey: 'k', idempotencyMode: 'window', windowMs: 5 }),
    ).not.toThrow();
  });

  it('requires an idempotency key when a mode is set', () => {
    expect(pathsOf({ idempotencyMode: 'until-done' })).toEqual(['options.idempotencyKey']);
    expect(pathsOf({ idempotencyMode: 'window' }).sort()).toEqual([
      'options.idempotencyKey',
      'options.windowMs',
    ]);
  });

  it('refuses delay and availableAt together', () => {
    expect(pathsOf({ delay: 10, availableAt: 0 })).toEqual(['options.availableAt']);
  });

  it('reports every problem at once under the given path', () => {
    expect(pathsOf({ delay: -1, priority: 0 }, 'items.3.options').sort()).toEqual([
      'items.3.options.delay',
      'items.3.options.priority',
    ]);
  });

  it('turns availableAt or delay into a non-negative delay in ms', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(delayFrom({}, now)).toBe(0);
    expect(delayFrom({ delay: 250 }, now)).toBe(250);
    expect(delayFrom({ availableAt: '2030-01-01T00:00:02Z' }, now)).toBe(2000);
    expect(delayFrom({ availableAt: new Date(now + 500) }, now)).toBe(500);
    expect(delayFrom({ availableAt: now + 42 }, now)).toBe(42);
    expect(delayFrom({ availableAt: '2029-12-31T23:59:00Z' }, now)).toBe(0);
  });
});
