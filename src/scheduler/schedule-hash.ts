import { createHash } from 'node:crypto';
import type { ScheduleTemplate } from '../transport/schedule-store';
import type { ScheduleSpec } from './schedule-declaration';

/** JSON with object keys sorted, so equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/**
 * Fingerprint of what a schedule stores: the declaration plus what dispatch derived from the
 * app's config (retry attempts, priority number, headers, normalised body). A change to any of
 * them makes sync rewrite the schedule; the random envelope id and time do not count.
 */
export function scheduleHash(spec: ScheduleSpec, template: ScheduleTemplate): string {
  const { envelope, options } = template;
  return createHash('sha256')
    .update(stableJson({ spec, options, headers: envelope.headers, body: envelope.body }))
    .digest('hex')
    .slice(0, 16);
}
