import type { BodyOf, MessageDefinition } from '../message/define-message';
import type { DispatchedMessage } from './test-bus';

/** What jest (and vitest) hand a custom matcher as `this`; only the parts used here. */
interface MatcherContext {
  isNot?: boolean;
  equals(actual: unknown, expected: unknown): boolean;
  utils: { printExpected(value: unknown): string; printReceived(value: unknown): string };
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

type MessageRef = MessageDefinition | string;
/** A body to match: its fields may be left out at any depth, or be asymmetric matchers (expect.any…). */
export type BodyMatch<T> = T extends object ? { [K in keyof T]?: BodyMatch<T[K]> } : T;

/**
 * Jest matchers over a TestBus: `expect.extend(symphonyMatchers)` once (a setup file), then
 * `expect(bus).toHaveDispatched(emailSend, { to: 'a@b.c' })`, `.toHaveDispatchedTimes(emailSend, 2)`,
 * `.not.toHaveDispatched(smsDripStep)`. A body matches when every field given matches.
 */
export const symphonyMatchers = {
  toHaveDispatched(this: MatcherContext, bus: unknown, message: MessageRef, body?: unknown): MatcherResult {
    const { type, all, matching } = select(this, bus, message, body, arguments.length > 2);
    const pass = matching.length > 0;
    return {
      pass,
      message: () =>
        `expected ${this.isNot ? 'no' : 'a'} dispatch of ${type}${describeBody(this, body, arguments.length > 2)}` +
        `, ${pass ? `found ${matching.length}` : 'found none'}${seen(this, all)}`,
    };
  },

  toHaveDispatchedTimes(
    this: MatcherContext,
    bus: unknown,
    message: MessageRef,
    times: number,
    body?: unknown,
  ): MatcherResult {
    const { type, all, matching } = select(this, bus, message, body, arguments.length > 3);
    return {
      pass: matching.length === times,
      message: () =>
        `expected ${this.isNot ? 'not ' : ''}${times} dispatch(es) of ${type}${describeBody(this, body, arguments.length > 3)}` +
        `, found ${matching.length}${seen(this, all)}`,
    };
  },
};

function select(context: MatcherContext, bus: unknown, message: MessageRef, body: unknown, hasBody: boolean) {
  const dispatched = (bus as { dispatched?: unknown })?.dispatched;
  if (!Array.isArray(dispatched)) {
    throw new TypeError(
      'expect(bus): bus must be a TestBus from createTestBus() (symphony-messenger/testing)',
    );
  }
  const type = typeof message === 'string' ? message : message.type;
  const all = (dispatched as DispatchedMessage[]).filter((d) => d.type === type);
  const matching = hasBody ? all.filter((d) => matches(context, d.body, body)) : all;
  return { type, all, matching };
}

/** Every field the expectation gives must match; asymmetric matchers and non-objects use equals. */
function matches(context: MatcherContext, actual: unknown, expected: unknown): boolean {
  if (!isPlainObject(expected)) return context.equals(actual, expected);
  if (typeof actual !== 'object' || actual === null) return false;
  return Object.entries(expected).every(([key, value]) =>
    matches(context, (actual as Record<string, unknown>)[key], value),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || 'asymmetricMatch' in value) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const describeBody = (context: MatcherContext, body: unknown, given: boolean) =>
  given ? ` with a body matching ${context.utils.printExpected(body)}` : '';

const seen = (context: MatcherContext, all: DispatchedMessage[]) =>
  all.length > 0 ? `\ndispatched bodies: ${context.utils.printReceived(all.map((d) => d.body))}` : '';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- how @types/jest declares matchers
  namespace jest {
    interface Matchers<R> {
      /** Some dispatch of this message type, with a body matching `body` when given. */
      toHaveDispatched<D extends MessageRef>(
        message: D,
        body?: D extends MessageDefinition ? BodyMatch<BodyOf<D>> : unknown,
      ): R;
      /** Exactly `times` dispatches of this type (with a body matching `body` when given). */
      toHaveDispatchedTimes<D extends MessageRef>(
        message: D,
        times: number,
        body?: D extends MessageDefinition ? BodyMatch<BodyOf<D>> : unknown,
      ): R;
    }
  }
}
