import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { roles, type HttpConfig } from '../config/http-config';
import { ConfigError } from '../errors';
import type { Logger } from '../logger';
import { HttpError } from './errors';
import type { Principal } from './locals';
import { can, rolesWith, type Permission } from './permissions';

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Configured secrets, compared in constant time: equal-length digests, and every entry is checked. */
export class TokenTable {
  private readonly entries: { digest: Buffer; principal: Principal }[];

  constructor(config: HttpConfig) {
    const secrets = roles.flatMap((role) => config.tokens[role].map((token) => ({ role, token })));
    const all: { role: Principal['role']; token: string }[] = [...secrets];
    if (config.cronSecret) all.push({ role: 'cron', token: config.cronSecret });
    this.entries = all.map(({ role, token }) => ({
      digest: digest(token),
      principal: { role, id: `${role}:${digest(token).toString('hex').slice(0, 12)}` },
    }));
  }

  get hasRoleTokens(): boolean {
    return this.entries.some((e) => e.principal.role !== 'cron');
  }

  /** The role principal with this id while its token is still configured, so a session dies with its token. */
  byId(id: string): Principal | undefined {
    return this.entries.find((e) => e.principal.id === id && e.principal.role !== 'cron')?.principal;
  }

  match(token: string, acceptCron: boolean): Principal | undefined {
    const candidate = digest(token);
    let found: Principal | undefined;
    for (const entry of this.entries) {
      // No early exit: the time taken does not tell which entry (if any) matched.
      if (timingSafeEqual(entry.digest, candidate) && !found) found = entry.principal;
    }
    return found?.role === 'cron' && !acceptCron ? undefined : found;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Secure by default: without tokens the API only runs on loopback in development, and says so
 * loudly. Anything else is refused before a port is opened.
 */
export function checkAuthConfigured(config: HttpConfig, tokens: TokenTable, logger: Logger): 'on' | 'off' {
  if (tokens.hasRoleTokens) return 'on';
  if (config.environment === 'development' && LOOPBACK.test(config.host)) {
    logger.warn(
      { host: config.host },
      '!!! AUTH IS OFF: no API token is configured, so anyone who can reach ' +
        `${config.host} has admin rights. Set SYMPHONY_ADMIN_TOKENS before exposing this server. !!!`,
    );
    return 'off';
  }
  throw new ConfigError(
    'No API token configured: set SYMPHONY_ADMIN_TOKENS (and SYMPHONY_DISPATCHER_TOKENS / SYMPHONY_VIEWER_TOKENS ' +
      'as needed; `openssl rand -hex 32` makes one). Without tokens the API only starts with NODE_ENV=development ' +
      `on a loopback address, not on "${config.host}" with NODE_ENV=${config.environment}.`,
  );
}

/** Who calls when auth is off (development on loopback, no token configured). */
export const ANONYMOUS: Principal = { role: 'admin', id: 'anonymous' };
const BEARER = /^Bearer +([^\s]+) *$/i;

const unauthorized = (message: string): HttpError =>
  new HttpError(401, 'UNAUTHORIZED', message, undefined, { 'WWW-Authenticate': 'Bearer realm="symphony"' });

/** 401 without a bearer token or with one that is not configured. */
export function authenticate(
  tokens: TokenTable,
  mode: 'on' | 'off',
  options: { acceptCron?: boolean } = {},
): RequestHandler {
  return (req, res, next) => {
    if (mode === 'off') {
      res.locals.principal = ANONYMOUS;
      return next();
    }
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match) return next(unauthorized('Missing bearer token: send "Authorization: Bearer <token>"'));
    const principal = tokens.match(match[1]!, options.acceptCron ?? false);
    if (!principal) return next(unauthorized('Unknown or revoked token'));
    res.locals.principal = principal;
    next();
  };
}

/** 403 for an authenticated caller whose role lacks the permission. */
export function allow(permission: Permission): RequestHandler {
  return (_req, res, next) => {
    const role = res.locals.principal?.role;
    if (role && can(role, permission)) return next();
    const needed = rolesWith(permission);
    next(
      new HttpError(
        403,
        'FORBIDDEN',
        `Role "${role}" may not do this (${permission}); it needs one of: ${needed.join(', ')}`,
      ),
    );
  };
}
