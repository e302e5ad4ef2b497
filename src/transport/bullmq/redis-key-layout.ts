/**
 * Where a transport's keys live. BullMQ's scripts touch several keys of a queue at once, which a
 * Redis Cluster allows only within one hash slot: there every queue gets a hash tag of its own
 * (`symphony:{email}:email:wait`), so queues spread over the masters while each stays in one slot.
 * A prefix that already carries a tag (`{symphony}`) is kept as is: every queue on one slot.
 */
export interface RedisKeyLayout {
  /** BullMQ's `prefix` option for a queue. */
  queuePrefix(queue: string): string;
  /** Prefix of Symphony's own keys (duplicate counters), which are updated together in one MULTI. */
  readonly symphonyPrefix: string;
}

export function singleNodeLayout(prefix: string): RedisKeyLayout {
  return { queuePrefix: () => prefix, symphonyPrefix: prefix };
}

export function clusterLayout(prefix: string): RedisKeyLayout {
  if (hasHashTag(prefix)) return singleNodeLayout(prefix);
  return { queuePrefix: (queue) => `${prefix}:{${queue}}`, symphonyPrefix: `{${prefix}}` };
}

/** Redis hashes only the part between the first `{` and the next `}`, when that is not empty. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  return open >= 0 && key.indexOf('}', open + 1) > open + 1;
}
