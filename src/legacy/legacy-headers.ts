import type { Envelope } from '../message/envelope';

/**
 * Which legacy row a message stands for travels in envelope headers, so message bodies stay the
 * app's own: `symphony-legacy-row: email:42`. The write-back reads it; a handler that dispatches a
 * follow-up for the same row (the next drip step) passes `legacyHeadersOf(envelope)` along.
 */
export const LEGACY_ROW_HEADER = 'symphony-legacy-row';
/** Set on messages the bridge dispatched in shadow mode: providers record instead of sending. */
export const SHADOW_HEADER = 'symphony-shadow';

export const legacyRowKinds = ['email', 'campaign', 'recipient', 'enrollment'] as const;
export type LegacyRowKind = (typeof legacyRowKinds)[number];

export interface LegacyRowRef {
  kind: LegacyRowKind;
  id: string;
  shadow: boolean;
}

export function legacyRowHeaders(kind: LegacyRowKind, id: string, shadow = false): Record<string, string> {
  return shadow
    ? { [LEGACY_ROW_HEADER]: `${kind}:${id}`, [SHADOW_HEADER]: '1' }
    : { [LEGACY_ROW_HEADER]: `${kind}:${id}` };
}

/** The row a delivered message stands for; undefined for messages that did not come from a legacy table. */
export function legacyRowOf(envelope: Pick<Envelope, 'headers'>): LegacyRowRef | undefined {
  const value = envelope.headers[LEGACY_ROW_HEADER];
  if (!value) return undefined;
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon) as LegacyRowKind;
  if (colon < 1 || !legacyRowKinds.includes(kind)) return undefined;
  return { kind, id: value.slice(colon + 1), shadow: envelope.headers[SHADOW_HEADER] === '1' };
}

/** The legacy headers of a message, for a follow-up that stands for the same row. */
export function legacyHeadersOf(envelope: Pick<Envelope, 'headers'>): Record<string, string> {
  const ref = legacyRowOf(envelope);
  return ref ? legacyRowHeaders(ref.kind, ref.id, ref.shadow) : {};
}
