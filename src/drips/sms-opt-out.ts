import { SymphonyError } from '../errors';
import type { LegacyDb } from '../legacy/legacy-db';
import type { LegacyMapping } from '../legacy/legacy-mapping';
import { q } from '../legacy/sql-names';

export interface SmsOptOutResult {
  phone: string;
  /** Contacts with that number (one, usually). */
  contacts: number;
  /** Drip enrolments stopped: none of their later steps is sent. */
  stoppedEnrollments: number;
}

export class ContactNotFoundError extends SymphonyError {
  constructor(readonly phone: string) {
    super(
      'CONTACT_NOT_FOUND',
      `No contact has the phone number "${phone}": give it as stored, in E.164 form like +33612345678.`,
    );
  }
}

/** The number as Twilio sends it (+E.164): spaces, dots, dashes and brackets dropped. */
export const normalizePhone = (phone: string): string => phone.replace(/[\s().-]/g, '');

/** Matches stored numbers written with spaces or dashes too. */
const samePhone = (column: string) => `regexp_replace(${column}, '[[:space:]().-]', '', 'g') = $1`;

/**
 * STOP: the contact's opt-out flag is set and its active or held drip enrolments are stopped, in
 * one transaction. A step whose send is under way holds its row: the stop waits for it and then
 * stops the enrolment, so that step may still arrive but no later one is sent (the write-back also
 * refuses any step of a stopped enrolment or an opted-out contact).
 */
export async function optOutOfSms(
  db: LegacyDb,
  m: LegacyMapping,
  rawPhone: string,
): Promise<SmsOptOutResult> {
  const phone = normalizePhone(rawPhone);
  const ct = m.contacts;
  const e = m.drips.enrollments;
  return db.transaction(async (tx) => {
    const contacts = await tx.query<{ id: string }>(
      `UPDATE ${q(ct.table)} SET ${q(ct.columns.smsOptOut)} = true
        WHERE ${samePhone(q(ct.columns.phone))} RETURNING ${q(ct.columns.id)} AS id`,
      [phone],
    );
    if (contacts.length === 0) return { phone, contacts: 0, stoppedEnrollments: 0 };
    const stopped = await tx.query(
      `UPDATE ${q(e.table)} SET ${q(e.columns.status)} = $2
        WHERE ${q(e.columns.contactId)} = ANY($1) AND ${q(e.columns.status)} IN ($3, $4) RETURNING 1`,
      [contacts.map((c) => c.id), e.statuses.stopped, e.statuses.active, e.statuses.taken],
    );
    return { phone, contacts: contacts.length, stoppedEnrollments: stopped.length };
  });
}

/** The opt-out asked by an operator (CLI, HTTP): a number no contact has is an error, not a no-op. */
export async function optOutKnownNumber(
  db: LegacyDb,
  m: LegacyMapping,
  phone: string,
): Promise<SmsOptOutResult> {
  const result = await optOutOfSms(db, m, phone);
  if (result.contacts === 0) throw new ContactNotFoundError(result.phone);
  return result;
}

/** START: the flag is cleared so new enrolments send again; stopped enrolments stay stopped. */
export async function optInToSms(db: LegacyDb, m: LegacyMapping, rawPhone: string): Promise<SmsOptOutResult> {
  const phone = normalizePhone(rawPhone);
  const ct = m.contacts;
  const rows = await db.query(
    `UPDATE ${q(ct.table)} SET ${q(ct.columns.smsOptOut)} = false WHERE ${samePhone(q(ct.columns.phone))} RETURNING 1`,
    [phone],
  );
  return { phone, contacts: rows.length, stoppedEnrollments: 0 };
}

/** Twilio's opt-out and opt-in keywords (the whole message, any case). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);

export function smsKeyword(body: string): 'stop' | 'start' | undefined {
  const word = body.trim().toUpperCase();
  if (STOP_WORDS.has(word)) return 'stop';
  return START_WORDS.has(word) ? 'start' : undefined;
}
