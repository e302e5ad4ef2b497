import type { Principal } from './locals';

export type Permission =
  | 'dispatch'
  | 'consume'
  | 'status'
  /** Failed messages and schedules (may hold personal data, hence not for dispatchers). */
  | 'read'
  /** Retry/remove failed messages, change schedules, pause/resume/throttle queues. */
  | 'manage'
  | 'metrics'
  | 'docs'
  | 'sync-schedules';

const ALL: readonly Permission[] = [
  'dispatch',
  'consume',
  'status',
  'read',
  'manage',
  'metrics',
  'docs',
  'sync-schedules',
];

/** Roles are not a ladder: a dispatcher writes messages but cannot read failed ones. */
export const GRANTS: Record<Principal['role'], readonly Permission[]> = {
  admin: ALL,
  dispatcher: ['dispatch', 'consume', 'status', 'docs'],
  viewer: ['status', 'read', 'metrics', 'docs'],
  // CRON_SECRET is accepted on /api/cron/* only, and only for what the old crons did.
  cron: ['consume', 'sync-schedules'],
};

export const can = (role: Principal['role'], permission: Permission): boolean =>
  GRANTS[role].includes(permission);

export const rolesWith = (permission: Permission): string[] =>
  (['admin', 'dispatcher', 'viewer'] as const).filter((r) => can(r, permission));
