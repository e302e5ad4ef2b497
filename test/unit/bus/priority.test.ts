import { ValidationError } from '../../../src/errors';
import {
  isPriorityLevel,
  LEVEL_ORDER,
  MAX_PRIORITY,
  parsePriority,
  PRIORITY_LEVELS,
  toPriorityNumber,
} from '../../../src/bus/priority';

describe('priority', () => {
  it('maps levels to BullMQ numbers >= 1, higher level first (lower number)', () => {
    const numbers = LEVEL_ORDER.map(toPriorityNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(LEVEL_ORDER.length);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(1);
    expect(toPriorityNumber('critical')).toBe(PRIORITY_LEVELS.critical);
  });

  it('uses a numeric priority as-is from 1 to MAX_PRIORITY', () => {
    expect(toPriorityNumber(1)).toBe(1);
    expect(toPriorityNumber(MAX_PRIORITY)).toBe(MAX_PRIORITY);
  });

  it.each([0, -1, 1.5, MAX_PRIORITY + 1, Number.NaN])('rejects the number %s with a field error', (n) => {
    const error = catchError(() => toPriorityNumber(n));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'priority', message: expect.stringContaining('integer from 1') },
    ]);
  });

  it('rejects an unknown level name', () => {
    const error = catchError(() => toPriorityNumber('urgent' as never));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.message).toContain('critical, high, normal, low');
  });

  it('recognises level names only', () => {
    expect(isPriorityLevel('high')).toBe(true);
    expect(isPriorityLevel('urgent')).toBe(false);
    expect(isPriorityLevel('toString')).toBe(false);
    expect(isPriorityLevel(2)).toBe(false);
  });

  it('parses CLI/HTTP input: level names and integer strings', () => {
    expect(parsePriority('low')).toBe('low');
    expect(parsePriority('42')).toBe(42);
    expect(parsePriority(7)).toBe(7);
  });

  it.each(['urgent', '1.5', 'toString'])('rejects the input %s with a field error', (input) => {
    expect(() => parsePriority(input)).toThrow(ValidationError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
