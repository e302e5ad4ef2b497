import { appendFileSync } from 'node:fs';
import type { z } from 'zod';
import { defineApp } from '../../src/bus/app-definition';
import { defineHandler } from '../../src/handling/handler-registry';
import { emailSend } from '../../queues/messages';

/**
 * The app the PostgreSQL scenarios' worker processes load (SYMPHONY_APP): `email.send` as in the
 * report, whose handler appends the message id to CHAOS_HANDLED_FILE, one line per handling, after
 * CHAOS_HANDLE_MS of work. A synchronous append of a short line is one write(2) with O_APPEND, so
 * lines from several processes never interleave and none is lost when a worker dies later.
 */
const handledFile = process.env.CHAOS_HANDLED_FILE;
const handleMs = Number(process.env.CHAOS_HANDLE_MS ?? 0);

const record = defineHandler(
  emailSend,
  async (_mail, envelope) => {
    if (handleMs > 0) await new Promise((resolve) => setTimeout(resolve, handleMs));
    if (handledFile) appendFileSync(handledFile, `${envelope.id}\n`);
  },
  'record-handled',
);

export const chaosBody = (n: number): z.input<typeof emailSend.schema> => ({
  to: `user${n}@example.com`,
  subject: `chaos ${n}`,
});

export default defineApp({
  messages: [emailSend],
  routing: { 'email.*': 'email' },
  queues: { email: { concurrency: 8, retry: { maxRetries: 3, delay: 100 } } },
  handlers: [record],
});
