import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import cookieSession from 'cookie-session';
import type { Request, RequestHandler } from 'express';
import type { HttpConfig, Role } from '../../src/config/http-config';

/** What the signed session cookie holds: who logged in (never the token), until when, and the CSRF token. */
export interface UiSession {
  principalId?: string;
  role?: Role;
  expiresAt?: number;
  csrf?: string;
}

export const SESSION_COOKIE = 'symphony_admin';
export const DEFAULT_SESSION_HOURS = 8;

export const sessionOf = (req: Request): UiSession => (req.session ?? {}) as UiSession;

export const newSecret = (): string => randomBytes(32).toString('base64url');

/**
 * The signing key: SYMPHONY_SESSION_SECRET, else derived from the configured tokens (so every
 * instance with the same tokens accepts the same cookies, and rotating the tokens ends every
 * session), else, with auth off, a key that lives as long as the process.
 */
export function sessionKeys(config: HttpConfig): string[] {
  if (config.session?.secret) return [config.session.secret];
  const tokens = [...config.tokens.admin, ...config.tokens.dispatcher, ...config.tokens.viewer].sort();
  if (tokens.length === 0) return [newSecret()];
  const material = createHash('sha256').update(tokens.join('\n')).digest();
  return [
    Buffer.from(hkdfSync('sha256', material, 'symphony', 'admin-ui-session', 32)).toString('base64url'),
  ];
}

/**
 * Signed-cookie sessions (cookie-session, HMAC via keygrip): httpOnly, SameSite=Strict, scoped to
 * /admin, expiring; Secure whenever the request came over https (directly or, with trustProxy,
 * through a proxy that says so).
 */
export function sessionMiddleware(config: HttpConfig): RequestHandler[] {
  const hours = config.session?.hours ?? DEFAULT_SESSION_HOURS;
  return [
    cookieSession({
      name: SESSION_COOKIE,
      keys: sessionKeys(config),
      path: '/admin',
      httpOnly: true,
      sameSite: 'strict',
      maxAge: hours * 3_600_000,
    }),
    (req, _res, next) => {
      req.sessionOptions.secure = req.secure;
      next();
    },
  ];
}
