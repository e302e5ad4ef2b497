import type { RoutingTable } from '../src/bus/router';

/** message type -> queue: exact types, `prefix.*` wildcards, and `*` as the fallback. */
export const routing: RoutingTable = {
  'email.*': 'emails',
  'campaign.*': 'campaigns',
  'sms.*': 'sms',
  '*': 'default',
};
