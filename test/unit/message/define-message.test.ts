import { z } from 'zod';
import { defineMessage } from '../../../src/message/define-message';

describe('defineMessage', () => {
  const schema = z.object({ to: z.string() });

  it('returns a frozen definition with the type, schema and options', () => {
    const definition = defineMessage('email.send', schema, { retry: { maxRetries: 1 } });
    expect(definition).toEqual({ type: 'email.send', schema, options: { retry: { maxRetries: 1 } } });
    expect(Object.isFrozen(definition)).toBe(true);
  });

  it('defaults options to {}', () => {
    expect(defineMessage('ping', schema).options).toEqual({});
  });

  it.each(['email.send', 'sms.drip_step', 'a', 'legacy-job.v2.run', 'Campaign.Launch'])(
    'accepts the type %s',
    (type) => {
      expect(defineMessage(type, schema).type).toBe(type);
    },
  );

  it.each(['', 'email send', '.email', 'email.', 'email..send', 'email.*', '*', 'é.send', '_a'])(
    'rejects the type %j with a hint',
    (type) => {
      expect(() => defineMessage(type, schema)).toThrow(/use dot-separated words like "email\.send"/);
    },
  );

  it('keeps the schema usable for typed bodies', () => {
    const definition = defineMessage('email.send', schema);
    expect(definition.schema.parse({ to: 'x' })).toEqual({ to: 'x' });
  });
});
