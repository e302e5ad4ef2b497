import { z } from 'zod';
import { ValidationError } from '../../../src/errors';
import { defineMessage } from '../../../src/message/define-message';
import { validateBody } from '../../../src/message/validate-body';

const email = defineMessage(
  'email.send',
  z
    .object({ to: z.email(), subject: z.string().min(1), meta: z.object({ tag: z.string() }).strict() })
    .strict(),
);

describe('validateBody', () => {
  it('returns the parsed body', () => {
    const body = { to: 'a@b.co', subject: 'x', meta: { tag: 't' } };
    expect(validateBody(email, body)).toEqual(body);
  });

  it('lists every field path and problem, unknown fields by their own path', () => {
    let error: unknown;
    try {
      validateBody(email, { to: 'nope', extra: 1, meta: { tag: 2, more: true } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['extra', 'meta.more', 'meta.tag', 'subject', 'to']);
    expect(issues.find((i) => i.path === 'extra')!.message).toBe('unknown field');
    expect((error as ValidationError).message).toMatch(/^Invalid body for "email.send": /);
  });

  it('reports a body that is not an object at the root', () => {
    expect(() => validateBody(email, 'text')).toThrow(/\(root\)/);
  });
});
