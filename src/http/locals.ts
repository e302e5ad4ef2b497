import type { Response } from 'express';
import type { Role } from '../config/http-config';

/** Who is calling: a role token, the cron secret, or nobody when auth is off on loopback. */
export interface Principal {
  role: Role | 'cron';
  /** Stable and not secret (a hash prefix): rate-limit key and log field, never the token. */
  id: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      requestId: string;
      principal?: Principal;
    }
  }
}

export const requestIdOf = (res: Response): string => res.locals.requestId;
