import { z } from 'zod';
import { ValidationError } from '../errors';
import { zodIssues } from '../message/validate-body';
import { bounded } from './limits';
import { MAX_PRIORITY } from './priority';

export const idempotencyModes = ['until-done', 'window', 'debounce'] as const;
export type IdempotencyMode = (typeof idempotencyModes)[number];

/** Options accepted by dispatch, from code, the CLI and HTTP alike. */
export const dispatchOptionsSchema = z
  .object({
    queue: z.string().min(1).max(200).optional(),
    priority: z
      .union([z.enum(['critical', 'high', 'normal', 'low']), z.number().int().min(1).max(MAX_PRIORITY)])
      .optional(),
    delay: bounded.delayMs().optional(),
    availableAt: bounded.notBefore().optional(),
    idempotencyKey: bounded.id().optional(),
    idempotencyMode: z.enum(idempotencyModes).optional(),
    windowMs: bounded.windowMs().optional(),
    correlationId: bounded.id().optional(),
    causationId: bounded.id().optional(),
    headers: bounded.headers().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.idempotencyMode === 'window' && !o.windowMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['windowMs'],
        message: 'required when idempotencyMode is "window"',
      });
    }
    if (o.idempotencyMode && !o.idempotencyKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['idempotencyKey'],
        message: 'required when idempotencyMode is set',
      });
    }
    if (o.delay !== undefined && o.availableAt !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['availableAt'],
        message: 'give either delay or availableAt, not both',
      });
    }
  });

export type DispatchOptions = z.input<typeof dispatchOptionsSchema>;

export function parseDispatchOptions(
  options: unknown,
  path = 'options',
): z.output<typeof dispatchOptionsSchema> {
  const parsed = dispatchOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    throw new ValidationError(
      'Invalid dispatch options',
      zodIssues(parsed.error).map((i) => ({ ...i, path: i.path ? `${path}.${i.path}` : path })),
    );
  }
  return parsed.data;
}

/** availableAt (time) or delay (ms) -> a non-negative delay in ms. */
export function delayFrom(
  options: { delay?: number; availableAt?: Date | string | number },
  now = Date.now(),
): number {
  if (options.availableAt !== undefined) return Math.max(0, new Date(options.availableAt).getTime() - now);
  return options.delay ?? 0;
}
