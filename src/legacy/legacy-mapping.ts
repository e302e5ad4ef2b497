import { z } from 'zod';
import { ConfigError } from '../errors';

/** A table or column name as written in SQL: `name` or `schema.name`, letters, digits and _ only. */
const ident = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
    'must be a plain SQL name like email_queue or public.email_queue',
  );
const status = z.string().min(1);

const contacts = z.strictObject({
  table: ident,
  columns: z.strictObject({
    id: ident,
    email: ident,
    phone: ident,
    smsOptOut: ident,
    /** Optional: contacts with it set get no campaign e-mail (the fan-out marks them skipped). */
    emailOptOut: ident.optional(),
  }),
});

const emails = z.strictObject({
  table: ident,
  columns: z.strictObject({
    id: ident,
    to: ident,
    subject: ident,
    text: ident,
    html: ident,
    status: ident,
    attempts: ident,
    sendAfter: ident,
    lastError: ident,
    sentAt: ident,
  }),
  /** `taken` is the one value the bus adds: the row is on the bus, the legacy job must leave it alone. */
  statuses: z.strictObject({ pending: status, taken: status, sent: status, failed: status }),
  /** Attempts after which a row is failed for good (the legacy job's own limit). */
  maxAttempts: z.number().int().positive(),
});

const recipients = z.strictObject({
  table: ident,
  columns: z.strictObject({
    id: ident,
    campaignId: ident,
    contactId: ident,
    status: ident,
    attempts: ident,
    lastError: ident,
    sentAt: ident,
  }),
  statuses: z.strictObject({ pending: status, taken: status, sent: status, failed: status }),
});

const campaigns = z.strictObject({
  table: ident,
  columns: z.strictObject({
    id: ident,
    subject: ident,
    text: ident,
    html: ident,
    status: ident,
    scheduledAt: ident,
    sentAt: ident,
  }),
  statuses: z.strictObject({ scheduled: status, taken: status, sending: status, sent: status }),
  recipients,
});

const drips = z.strictObject({
  steps: z.strictObject({
    table: ident,
    columns: z.strictObject({ dripId: ident, step: ident, delaySeconds: ident, body: ident }),
  }),
  enrollments: z.strictObject({
    table: ident,
    columns: z.strictObject({
      id: ident,
      dripId: ident,
      contactId: ident,
      step: ident,
      nextRunAt: ident,
      status: ident,
      attempts: ident,
      lastError: ident,
      lastSentAt: ident,
    }),
    statuses: z.strictObject({
      active: status,
      taken: status,
      completed: status,
      stopped: status,
      failed: status,
    }),
    maxAttempts: z.number().int().positive(),
  }),
});

export const legacyMappingSchema = z.strictObject({
  contacts,
  emails,
  campaigns,
  drips,
  /** Symphony's own table in the legacy database: what the bus would have done in shadow mode. */
  shadowTable: ident.default('symphony_shadow_outcomes'),
  /** Rows the bridge moves per job and tick. */
  batchSize: z.number().int().positive().max(10_000).default(500),
});

export type LegacyMappingInput = z.input<typeof legacyMappingSchema>;
export type LegacyMapping = z.output<typeof legacyMappingSchema>;

/** The three old cron jobs; flags, the bridge and the migrate commands are per job. */
export const legacyJobs = ['emails', 'campaigns', 'drips'] as const;
export type LegacyJob = (typeof legacyJobs)[number];

/** Checks the mapping once, when queues/legacy.ts is loaded: a typo fails at start, with its path. */
export function defineLegacyMapping(input: LegacyMappingInput): LegacyMapping {
  const parsed = legacyMappingSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid legacy mapping (queues/legacy.ts): ${details}`);
  }
  return parsed.data;
}
