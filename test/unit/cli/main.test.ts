import { describeError } from '../../../src/cli/main';
import { ConfigError, RoutingError, ValidationError } from '../../../src/errors';

describe('describeError', () => {
  it('prints a validation error as a summary plus one line per field', () => {
    const error = new ValidationError('Invalid body for "email.send"', [
      { path: 'to', message: 'Invalid email address' },
      { path: '', message: 'Expected object' },
    ]);
    expect(describeError(error)).toBe(
      [
        'error: VALIDATION_FAILED: Invalid body for "email.send"',
        '  to: Invalid email address',
        '  (root): Expected object',
      ].join('\n'),
    );
  });

  it('prints other Symphony errors with their stable code', () => {
    expect(describeError(new RoutingError('x.y'))).toBe(
      `error: UNROUTABLE: ${new RoutingError('x.y').message}`,
    );
    expect(describeError(new ConfigError('bad DSN'))).toBe('error: CONFIG_INVALID: bad DSN');
  });

  it('prints unexpected errors by message only, never a stack trace', () => {
    const text = describeError(new TypeError('boom'));
    expect(text).toBe('error: boom');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('copes with thrown non-errors', () => {
    expect(describeError('plain text')).toBe('error: plain text');
    expect(describeError(undefined)).toBe('error: undefined');
    expect(describeError(null)).toBe('error: null');
  });
});
