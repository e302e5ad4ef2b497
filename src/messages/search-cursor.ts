import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';

/** Where a search stopped: the index of the store (source) and that store's own position in it. */
export interface SearchPosition {
  source: number;
  after?: string;
}

interface CursorData {
  v: 1;
  /** Fingerprint of the search: a cursor continues only the search that made it. */
  f: string;
  s: number;
  a?: string;
}

/** A short digest of what defines a search (its filter and the queues it walks). */
export function searchFingerprint(definition: unknown): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('base64url').slice(0, 12);
}

/** Opaque to clients: base64url JSON, safe in a query string. */
export function encodeCursor(fingerprint: string, position: SearchPosition): string {
  const data: CursorData = { v: 1, f: fingerprint, s: position.source };
  if (position.after !== undefined) data.a = position.after;
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): SearchPosition {
  let data: Partial<CursorData>;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorData>;
  } catch {
    throw invalidCursor('it is not a cursor returned by a search');
  }
  if (data?.v !== 1 || typeof data.s !== 'number' || !Number.isInteger(data.s) || data.s < 0) {
    throw invalidCursor('it is not a cursor returned by a search');
  }
  if (data.f !== fingerprint) {
    throw invalidCursor('it belongs to a search with other filters or queues; start again without it');
  }
  return { source: data.s, ...(typeof data.a === 'string' ? { after: data.a } : {}) };
}

const invalidCursor = (why: string): ValidationError =>
  new ValidationError('Invalid cursor', [{ path: 'cursor', message: why }]);
