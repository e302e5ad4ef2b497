import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from '../../src/http/errors';
import { newSecret, sessionOf } from './session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/** The session's CSRF token, made on first use (the login form needs one before anyone logs in). */
export function csrfToken(req: Request): string {
  const session = sessionOf(req);
  session.csrf ??= newSecret();
  return session.csrf;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Synchroniser token: every state-changing request carries the session's token, as the
 * X-CSRF-Token header (htmx, from hx-headers on <body>) or a `_csrf` form field. Compared in
 * constant time; SameSite=Strict cookies are the second line.
 */
export const checkCsrf: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = sessionOf(req).csrf;
  const body = req.body as Record<string, unknown> | undefined;
  const sent = req.get(CSRF_HEADER) ?? body?.[CSRF_FIELD];
  if (typeof sent === 'string' && expected && timingSafeEqual(digest(sent), digest(expected))) return next();
  next(new HttpError(403, 'CSRF_INVALID', 'Missing or stale CSRF token: reload the page and try again.'));
};

/**
 * For Bull Board's own API calls, which cannot carry our token: a state change must come from a
 * page of this origin (Origin header, or Sec-Fetch-Site from browsers that send no Origin).
 */
export const checkSameOrigin: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.get('origin');
  const sameOrigin = origin
    ? hostOf(origin) === req.get('host')
    : req.get('sec-fetch-site') === 'same-origin';
  if (sameOrigin) return next();
  next(new HttpError(403, 'CSRF_INVALID', 'Cross-origin request refused: use the board from its own page.'));
};

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
