import type { Request, RequestHandler, Response } from 'express';
import { ANONYMOUS, type TokenTable } from '../../src/http/auth';
import { HttpError } from '../../src/http/errors';
import type { Principal } from '../../src/http/locals';
import { can } from '../../src/http/permissions';
import { sessionOf } from './session';

export interface UiAuth {
  /** 'off' only in development on loopback without tokens, as for the API. */
  mode: 'on' | 'off';
  tokens: TokenTable;
  sessionHours: number;
}

/**
 * The caller from the session cookie: a principal whose token is still configured and whose
 * session has not expired; with auth off, everyone is the anonymous admin.
 */
export function loadPrincipal(auth: UiAuth): RequestHandler {
  return (req, res, next) => {
    if (auth.mode === 'off') {
      res.locals.principal = ANONYMOUS;
      return next();
    }
    const session = sessionOf(req);
    if (session.principalId && (session.expiresAt ?? 0) > Date.now()) {
      const principal = auth.tokens.byId(session.principalId);
      if (principal) res.locals.principal = principal;
    }
    next();
  };
}

export const isHtmx = (req: Request): boolean => req.get('hx-request') === 'true';

/** Pages send the browser to the login form; htmx and other requests get a 401. */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (res.locals.principal) return next();
  const login = `/admin/login?next=${encodeURIComponent(req.originalUrl)}`;
  if (isHtmx(req)) res.set('HX-Redirect', login);
  else if (req.method === 'GET') return res.redirect(303, login);
  next(new HttpError(401, 'UNAUTHORIZED', 'Log in first: your session is missing or has expired.'));
};

export const principalOf = (res: Response): Principal => res.locals.principal ?? ANONYMOUS;

/** Whether the page should offer actions (the server checks again on every action). */
export const canManage = (res: Response): boolean => can(principalOf(res).role, 'manage');
