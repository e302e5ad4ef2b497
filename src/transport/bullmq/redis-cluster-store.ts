import type { AlertStateStore, LeaseStore } from '../../monitoring/cluster-store';

/** The few commands the lease and the alert states need (ioredis' Redis and Cluster both have them). */
interface LeaseClient {
  set(key: string, value: string, px: 'PX', ttl: number, nx: 'NX'): Promise<'OK' | null>;
  get(key: string): Promise<string | null>;
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, values: Record<string, string>): Promise<number>;
}

/** Extends the lease only while `holder` still has it: a late renewal never steals it back. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** A lease per name: `SET key holder NX PX ttl` to take it, a compare-and-PEXPIRE to renew it. */
export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly client: LeaseClient,
    private readonly prefix: string,
  ) {}

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const key = this.key(name);
    if ((await this.client.set(key, holder, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return Number(await this.client.eval(RENEW, 1, key, holder, ttlMs)) === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.client.eval(RELEASE, 1, this.key(name), holder);
  }

  async holder(name: string): Promise<string | undefined> {
    return (await this.client.get(this.key(name))) ?? undefined;
  }

  private key(name: string): string {
    return `${this.prefix}:lease:${name}`;
  }
}

/** Alert states in one hash beside BullMQ's keys: field = rule id, value = its JSON state. */
export class RedisAlertStateStore implements AlertStateStore {
  constructor(
    private readonly client: LeaseClient,
    private readonly key: string,
  ) {}

  async all(): Promise<Record<string, unknown>> {
    const raw = await this.client.hgetall(this.key);
    return Object.fromEntries(Object.entries(raw).flatMap(([rule, json]) => parsed(rule, json)));
  }

  async put(states: Record<string, unknown>): Promise<void> {
    const values = Object.fromEntries(Object.entries(states).map(([rule, s]) => [rule, JSON.stringify(s)]));
    if (Object.keys(values).length > 0) await this.client.hset(this.key, values);
  }
}

/** A value written by hand or by another version is skipped: its rule starts afresh. */
function parsed(rule: string, json: string): [string, unknown][] {
  try {
    return [[rule, JSON.parse(json)]];
  } catch {
    return [];
  }
}
