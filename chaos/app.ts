import { appendFileSync } from 'node:fs';
import { z } from 'zod';
import { defineApp } from '../src/bus/app-definition';
import { defineHandler } from '../src/handling/handler-registry';
import { defineMessage } from '../src/message/define-message';

/**
 * The app chaos workers load (SYMPHONY_APP). `chaos.work` waits `ms` (so messages are in flight
 * when a fault hits) and writes two lines to CHAOS_LEDGER: `S <ms> <pid> <id>` when it starts and
 * `H <ms> <pid> <id>` when it is done. Each line is one synchronous O_APPEND write(2): lines from
 * several processes never interleave, and a line written is kept when its process is killed.
 */
export const chaosWork = defineMessage(
  'chaos.work',
  z.object({ n: z.number().int().min(0), ms: z.number().int().min(0).max(60_000) }),
);

const ledger = process.env.CHAOS_LEDGER;
const note = (kind: 'S' | 'H', id: string) => {
  if (ledger) appendFileSync(ledger, `${kind} ${Date.now()} ${process.pid} ${id}\n`);
};

const work = defineHandler(
  chaosWork,
  async ({ ms }, envelope) => {
    note('S', envelope.id);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    note('H', envelope.id);
  },
  'chaos-work',
);

export const CHAOS_QUEUE = 'chaos';

export default defineApp({
  messages: [chaosWork],
  routing: { 'chaos.*': CHAOS_QUEUE },
  queues: { [CHAOS_QUEUE]: { concurrency: 4, retry: { maxRetries: 5, delay: 200 } } },
  handlers: [work],
});
