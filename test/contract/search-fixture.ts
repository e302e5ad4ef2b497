import { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import type { Symphony } from '../../src/bus/symphony';
import { defineHandler } from '../../src/handling/handler-registry';
import { defineMessage } from '../../src/message/define-message';
import { eventually, testBus } from '../helpers/bus';
import type { ContractTarget } from './targets';

export const email = defineMessage('search.email', z.object({ to: z.string(), text: z.string() }));
export const sms = defineMessage('search.sms', z.object({ to: z.string(), text: z.string() }));

/** What the fixture stored, by name, for assertions. */
export interface SearchFixture {
  bus: Symphony;
  ids: Record<string, string[]>;
  /** Between the first batch (handled) and the second (still pending). */
  between: Date;
  /** From now on "boom" messages are handled (to retry them). */
  heal: () => void;
  /** Lets the held `sms` message finish; the fixture's consumers then close. */
  close: () => Promise<void>;
}

/**
 * Sixteen messages in every state over two queues: `mail` (priorities on, so its pending messages
 * are prioritized) and `sms` (priorities off: a plain wait list).
 *   mail: 6 completed "hello n", 2 failed "boom n" (3 attempts each), 1 delayed "later",
 *         2 prioritized "queued" (one with correlation id corr-7, one with idempotency key key-9)
 *   sms:  3 completed "sms hello n", 1 active "hold", 1 waiting "sms queued"
 */
export async function searchFixture(target: ContractTarget): Promise<SearchFixture> {
  let release: () => void = () => undefined;
  let healed = false;
  const held = new Promise<void>((resolve) => (release = resolve));
  const handle = async (body: { text: string }) => {
    if (body.text.startsWith('boom') && !healed) throw new Error(`bounced: ${body.text}`);
    if (body.text === 'hold') await held;
  };
  const app = defineApp({
    messages: [email, sms],
    routing: { 'search.email': 'mail', 'search.sms': 'sms' },
    queues: {
      mail: { retry: { maxRetries: 2, delay: 1, jitter: 0 } },
      sms: { priorities: false },
    },
    handlers: [defineHandler(email, handle), defineHandler(sms, handle)],
  });
  const bus = testBus(app, { defaultDsn: target.dsn(), lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
  const ids: Record<string, string[]> = {};
  const keep = (name: string, results: { id: string }[]) => (ids[name] = results.map((r) => r.id));

  keep(
    'completedMail',
    await bus.dispatchBatch(
      Array.from({ length: 6 }, (_, n) => ({
        type: email,
        body: { to: 'ann@example.com', text: `hello ${n}` },
      })),
    ),
  );
  keep(
    'failed',
    await bus.dispatchBatch(
      [0, 1].map((n) => ({ type: email, body: { to: 'bob@example.com', text: `boom ${n}` } })),
    ),
  );
  keep(
    'completedSms',
    await bus.dispatchBatch(
      [0, 1, 2].map((n) => ({ type: sms, body: { to: '+100', text: `sms hello ${n}` } })),
    ),
  );
  const mail = bus.consume('mail', { concurrency: 4 });
  const smsFirst = bus.consume('sms', { concurrency: 4 });
  await eventually(
    async () => {
      const stats = await bus.stats();
      return stats.mail!.completed === 6 && stats.mail!.failed === 2 && stats.sms!.completed === 3;
    },
    Boolean,
    60_000,
  );
  await Promise.all([mail.close(), smsFirst.close()]);

  await new Promise((resolve) => setTimeout(resolve, 20)); // the second batch is stored strictly later
  const between = new Date();
  await new Promise((resolve) => setTimeout(resolve, 20));
  keep('delayed', [await bus.dispatch(email, { to: 'cy@example.com', text: 'later' }, { delay: 3_600_000 })]);
  keep('prioritized', [
    await bus.dispatch(email, { to: 'dee@example.com', text: 'queued a' }, { correlationId: 'corr-7' }),
    await bus.dispatch(email, { to: 'eve@example.com', text: 'queued b' }, { idempotencyKey: 'key-9' }),
  ]);
  keep('active', [await bus.dispatch(sms, { to: '+200', text: 'hold' })]);
  const holder = bus.consume('sms', { concurrency: 1 });
  await eventually(async () => (await bus.stats(['sms'])).sms!.active === 1, Boolean);
  keep('waiting', [await bus.dispatch(sms, { to: '+300', text: 'sms queued' })]);

  return {
    bus,
    ids,
    between,
    heal: () => void (healed = true),
    close: async () => {
      release();
      await holder.close();
      await bus.close();
    },
  };
}

/** Every id the fixture stored. */
export const allIds = (f: SearchFixture): string[] => Object.values(f.ids).flat();
