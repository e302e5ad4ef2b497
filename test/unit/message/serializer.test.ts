import { ValidationError } from '../../../src/errors';
import { createEnvelope } from '../../../src/message/envelope';
import {
  decodeEnvelope,
  deserializeEnvelope,
  encodeCompact,
  encodeEnvelope,
  serializeEnvelope,
} from '../../../src/message/serializer';

const full = () =>
  createEnvelope({
    type: 'email.send',
    body: { to: 'a@b.co', subject: 'hi', tags: ['x'], nested: { n: 1 } },
    queue: 'emails',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    idempotencyKey: 'key-1',
    priority: 'high',
    headers: { tenant: 't1' },
  });

describe('serializer', () => {
  it('round-trips every envelope field through JSON; attempt comes from the transport', () => {
    const envelope = full();
    const back = deserializeEnvelope(serializeEnvelope(envelope), 3);
    expect(back).toEqual({ ...envelope, attempt: 3 });
  });

  it('round-trips a minimal envelope with a numeric priority and no optional metadata', () => {
    const envelope = createEnvelope({ type: 'a.b', body: null, queue: 'q', priority: 7 });
    const wire = encodeEnvelope(envelope);
    expect(wire.meta).not.toHaveProperty('causationId');
    expect(wire.meta).not.toHaveProperty('idempotencyKey');
    expect(decodeEnvelope(JSON.parse(JSON.stringify(wire)), 1)).toEqual(envelope);
  });

  it('stores a versioned plain object without the attempt', () => {
    const wire = encodeEnvelope(full());
    expect(wire.v).toBe(1);
    expect(wire).not.toHaveProperty('attempt');
    expect(wire.meta).toMatchObject({ queue: 'emails', correlationId: 'corr-1', priority: 'high' });
  });

  it('rejects another wire version', () => {
    const wire = { ...encodeEnvelope(full()), v: 2 };
    const error = catchError(() => decodeEnvelope(wire, 1));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['v']);
  });

  it('lists the field paths of a damaged stored message', () => {
    const wire = encodeEnvelope(full()) as unknown as { id: unknown; meta: Record<string, unknown> };
    wire.id = 42;
    wire.meta.headers = 'none';
    const error = catchError(() => decodeEnvelope(wire, 1)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['id', 'meta.headers']);
  });

  it.each([
    ['id', { id: '' }],
    ['type', { type: 7 }],
    ['meta', { meta: [] }],
    ['meta.queue', { meta: { queue: 5 } }],
    ['meta.dispatchedAt', { meta: { dispatchedAt: 1 } }],
    ['meta.correlationId', { meta: { correlationId: null } }],
    ['meta.priority', { meta: { priority: true } }],
    ['meta.headers.tenant', { meta: { headers: { tenant: 1 } } }],
  ])('names a damaged %s of a compact message', (path, damage) => {
    const context = { id: 'm-1', type: 'a.b', queue: 'q', storedAt: 0 };
    const error = catchError(() => decodeEnvelope({ v: 1, body: {}, ...damage }, 1, context));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
  });

  it('stores only the body and non-default meta in the compact form, and reads it back with the store context', () => {
    const base = full();
    const envelope = { ...base, correlationId: base.id, priority: 'normal' as const, headers: {} };
    delete (envelope as { causationId?: string }).causationId;
    delete (envelope as { idempotencyKey?: string }).idempotencyKey;
    const compact = encodeCompact(envelope);
    expect(compact).toEqual({ v: 1, body: envelope.body });
    const context = {
      id: envelope.id,
      type: envelope.type,
      queue: envelope.queue,
      storedAt: Date.parse(envelope.dispatchedAt),
    };
    expect(decodeEnvelope(JSON.parse(JSON.stringify(compact)), 2, context)).toEqual({
      ...envelope,
      attempt: 2,
    });
    expect(() => decodeEnvelope(compact, 1)).toThrow(ValidationError); // no context: unreadable, not guessed
  });

  it('keeps non-default meta in the compact form', () => {
    const compact = encodeCompact({ ...full(), priority: 'low', headers: { tenant: 'acme' } });
    expect(compact.meta).toMatchObject({ priority: 'low', headers: { tenant: 'acme' } });
  });

  it.each([null, 'text', 42, [], {}])('rejects unreadable data %j as ValidationError', (data) => {
    expect(() => decodeEnvelope(data, 1)).toThrow(ValidationError);
  });

  it('rejects malformed JSON as ValidationError, not SyntaxError', () => {
    const error = catchError(() => deserializeEnvelope('{"v":1,'));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('VALIDATION_FAILED');
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
