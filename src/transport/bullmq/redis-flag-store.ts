import type { FlagMode } from '../../flags/flag-mode';
import { flagModeSchema } from '../../flags/flag-mode';
import type { FlagRecord, FlagStore } from '../../flags/flag-store';

/** The few hash commands flags need (ioredis' Redis and Cluster both have them). */
interface HashClient {
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, field: string, value: string): Promise<number>;
}

/** Flags in one Redis hash beside BullMQ's keys: field = job, value = {"mode","at"}. */
export class RedisFlagStore implements FlagStore {
  constructor(
    private readonly client: HashClient,
    private readonly key: string,
  ) {}

  async get(job: string): Promise<FlagRecord | undefined> {
    const raw = await this.client.hget(this.key, job);
    return raw === null ? undefined : decode(job, raw);
  }

  async list(): Promise<FlagRecord[]> {
    const all = await this.client.hgetall(this.key);
    return Object.entries(all).flatMap(([job, raw]) => decode(job, raw) ?? []);
  }

  async set(job: string, mode: FlagMode): Promise<FlagRecord> {
    const updatedAt = new Date().toISOString();
    await this.client.hset(this.key, job, JSON.stringify({ mode, at: updatedAt }));
    return { job, mode, updatedAt };
  }
}

/** A value written by hand or by another version reads as unset (legacy), never as a wrong mode. */
function decode(job: string, raw: string): FlagRecord | undefined {
  try {
    const value = JSON.parse(raw) as { mode?: unknown; at?: unknown };
    const mode = flagModeSchema.safeParse(value.mode);
    return mode.success ? { job, mode: mode.data, updatedAt: String(value.at) } : undefined;
  } catch {
    return undefined;
  }
}
