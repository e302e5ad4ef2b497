import { z } from 'zod';
import { ConfigError, type FieldIssue } from '../errors';
import type { MessageCatalog } from '../message/message-catalog';
import { zodIssues } from '../message/validate-body';
import type { QueueOptions } from './app-definition';
import { bounded, LIMITS } from './limits';

/** Retry knobs, from a queue or a message type. */
export const retryOptionsSchema = z
  .object({
    maxRetries: z.number().int().min(0).max(LIMITS.maxRetries),
    delay: bounded.delayMs(),
    multiplier: z.number().min(1).max(LIMITS.maxRetryMultiplier),
    maxDelay: bounded.delayMs(),
    jitter: z.number().min(0).max(1),
  })
  .partial();

export const rateLimitSchema = z
  .object({ max: bounded.rateMax(), durationMs: bounded.rateDurationMs() })
  .strict()
  .describe('At most `max` messages per `durationMs` over all workers');

/** The numbers of a queue declaration (its other fields are checked where they are used). */
const queueNumbers = z.object({
  concurrency: bounded.concurrency().optional(),
  retry: retryOptionsSchema.optional(),
  rateLimit: rateLimitSchema.optional(),
  aging: z
    .object({ afterMs: bounded.windowMs(), checkEveryMs: bounded.windowMs().optional() })
    .partial({ checkEveryMs: true })
    .optional(),
});

/**
 * Checks every time, size and count of an app's queues and message types against LIMITS, so a
 * concurrency of 1e15 or a retry delay of ten years fails at start, field by field, instead of
 * misbehaving later. Throws one ConfigError naming every field (`queues.emails.concurrency`).
 */
export function checkAppLimits(
  queues: Readonly<Record<string, QueueOptions>>,
  catalog: MessageCatalog,
): void {
  const fields: FieldIssue[] = [];
  for (const [name, options] of Object.entries(queues)) {
    fields.push(...issuesOf(queueNumbers, options, `queues.${name}`));
  }
  for (const definition of catalog.all()) {
    if (definition.options.retry === undefined) continue;
    fields.push(
      ...issuesOf(retryOptionsSchema, definition.options.retry, `messages.${definition.type}.retry`),
    );
  }
  if (fields.length) {
    throw new ConfigError(
      `Invalid app definition: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
      {
        fields,
      },
    );
  }
}

function issuesOf(schema: z.ZodType, value: unknown, prefix: string): FieldIssue[] {
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return zodIssues(parsed.error).map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix }));
}
