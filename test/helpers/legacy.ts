import { randomUUID } from 'node:crypto';
import { applyLegacySchema } from '../../examples/legacy-app/schema';
import type { LegacyDb } from '../../src/legacy/legacy-db';
import { createLegacyDb } from '../../src/legacy/open-legacy-db';
import { databaseUrl, withDatabase } from './sql';

export interface LegacyFixture {
  /** postgres:// URL whose connections use the fixture's schema (LEGACY_DATABASE_URL of worker processes). */
  url: string;
  schema: string;
  db: LegacyDb;
  close(): Promise<void>;
}

/** The legacy app's tables in a schema of their own on the test database (dropped on close). */
export async function legacyFixture(): Promise<LegacyFixture> {
  const schema = `legacy_${randomUUID().slice(0, 8)}`;
  await withDatabase((client) => client.query(`CREATE SCHEMA "${schema}"`));
  const url = new URL(databaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = createLegacyDb(url.toString(), { max: 30 });
  await applyLegacySchema(db);
  return {
    url: url.toString(),
    schema,
    db,
    async close() {
      await db.close();
      await withDatabase((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    },
  };
}

/** `count` e-mail rows: every 10th due in an hour, every 7th failed once; resolves to their ids by kind. */
export async function seedEmails(db: LegacyDb, count: number): Promise<{ due: string[]; later: string[] }> {
  const rows = await db.query<{ id: string; later: boolean }>(
    `INSERT INTO email_queue (to_address, subject, body_text, attempts, last_error, send_after)
     SELECT 'user' || n || '@example.com', 'Hello ' || n, 'Body ' || n,
            CASE WHEN n % 7 = 0 THEN 1 ELSE 0 END, CASE WHEN n % 7 = 0 THEN 'timeout' END,
            CASE WHEN n % 10 = 0 THEN now() + interval '1 hour' ELSE now() - interval '1 minute' END
       FROM generate_series(1, $1) n
     RETURNING id::text, send_after > now() AS later`,
    [count],
  );
  return {
    due: rows.filter((r) => !r.later).map((r) => r.id),
    later: rows.filter((r) => r.later).map((r) => r.id),
  };
}

export interface SeededCampaign {
  campaignId: string;
  /** Addresses that must each receive the campaign once. */
  expected: string[];
  /** Recipients the fan-out must skip (opted out of e-mail, or no address). */
  skipped: number;
}

/**
 * A scheduled campaign of `count` new contacts (`<prefix><n>@example.com`): every 50th opted out of
 * e-mail and, when `withoutAddress`, one contact without an address.
 */
export async function seedCampaign(
  db: LegacyDb,
  count: number,
  options: { prefix?: string; withoutAddress?: boolean } = {},
): Promise<SeededCampaign> {
  const prefix = options.prefix ?? `c${randomUUID().slice(0, 6)}-`;
  const [campaign] = await db.query<{ id: string }>(
    `INSERT INTO campaigns (name, subject, body_text, status, scheduled_at)
     VALUES ($1, 'Winter sale', 'Everything must go', 'scheduled', now() - interval '1 minute') RETURNING id::text`,
    [`campaign ${prefix}`],
  );
  const contacts = await db.query<{ id: string; email: string | null; email_opt_out: boolean }>(
    `INSERT INTO contacts (email, name, email_opt_out)
     SELECT CASE WHEN $3 AND n = 1 THEN NULL ELSE $1 || n || '@example.com' END, 'Contact ' || n, n % 50 = 0
       FROM generate_series(1, $2) n
     RETURNING id::text, email, email_opt_out`,
    [prefix, count, options.withoutAddress ?? false],
  );
  await db.query(
    `INSERT INTO campaign_recipients (campaign_id, contact_id) SELECT $1, unnest($2::bigint[])`,
    [campaign!.id, contacts.map((c) => c.id)],
  );
  const expected = contacts.filter((c) => c.email && !c.email_opt_out).map((c) => c.email!);
  return { campaignId: campaign!.id, expected, skipped: contacts.length - expected.length };
}

export interface SeededDrip {
  dripId: string;
  /** Enrolment id -> the contact's phone. */
  enrollments: Map<string, string>;
  /** Phones of contacts opted out before the drip starts. */
  optedOut: string[];
}

/**
 * A drip of the given steps (delay before each, text) and `count` enrolments due now, each of a new
 * contact with phone `+3360<prefix><n>`; every 10th contact has opted out of SMS already.
 */
export async function seedDrip(
  db: LegacyDb,
  steps: { delaySeconds: number; body: string }[],
  count: number,
): Promise<SeededDrip> {
  const [drip] = await db.query<{ id: string }>(
    `INSERT INTO sms_drips (name) VALUES ('onboarding') RETURNING id::text`,
  );
  const dripId = drip!.id;
  for (const [index, step] of steps.entries())
    await db.query(
      `INSERT INTO sms_drip_steps (drip_id, step_index, delay_seconds, body) VALUES ($1, $2, $3, $4)`,
      [dripId, index, step.delaySeconds, step.body],
    );
  const base = 6_000_000 + Number(dripId) * 10_000;
  const rows = await db.query<{ id: string; phone: string; opted_out: boolean }>(
    `WITH c AS (
       INSERT INTO contacts (phone, name, sms_opt_out)
       SELECT '+3360' || ($2 + n), 'Contact ' || n, n % 10 = 0 FROM generate_series(1, $3) n
       RETURNING id, phone, sms_opt_out)
     INSERT INTO sms_drip_enrollments (drip_id, contact_id, next_run_at)
     SELECT $1, c.id, now() - interval '1 second' FROM c
     RETURNING id::text, (SELECT phone FROM c WHERE c.id = contact_id) AS phone,
               (SELECT sms_opt_out FROM c WHERE c.id = contact_id) AS opted_out`,
    [dripId, base, count],
  );
  return {
    dripId,
    enrollments: new Map(rows.map((r) => [r.id, r.phone])),
    optedOut: rows.filter((r) => r.opted_out).map((r) => r.phone),
  };
}
