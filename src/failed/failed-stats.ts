import type { FailedMessage } from '../transport/capabilities';

export interface CountedKey {
  key: string;
  count: number;
}

export interface FailedStats {
  total: number;
  byQueue: CountedKey[];
  byType: CountedKey[];
  /** Grouped by the first line of the error message. */
  byError: CountedKey[];
  /** Grouped by type and first error line together (the admin UI's Failed page). */
  byTypeAndError: { type: string; error: string; count: number }[];
}

/** Error messages often embed ids; past this many distinct ones the rest are lumped together. */
const MAX_DISTINCT_ERRORS = 1000;
const MAX_ERROR_LENGTH = 200;
export const OTHER_ERRORS = '(other error messages)';

/** Counts failed messages as they stream by; memory grows with distinct keys, not messages. */
export class FailedStatsCounter {
  private total = 0;
  private readonly queues = new Map<string, number>();
  private readonly types = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  /** `type \0 error line` -> count; capped like `errors`. */
  private readonly pairs = new Map<string, number>();

  add(message: FailedMessage): void {
    this.total++;
    bump(this.queues, message.queue);
    bump(this.types, message.type);
    const line = (message.error.message.split('\n')[0] ?? '').slice(0, MAX_ERROR_LENGTH);
    bump(this.errors, this.errors.has(line) || this.errors.size < MAX_DISTINCT_ERRORS ? line : OTHER_ERRORS);
    const pair = `${message.type}\0${line}`;
    const kept = this.pairs.has(pair) || this.pairs.size < MAX_DISTINCT_ERRORS;
    bump(this.pairs, kept ? pair : `${message.type}\0${OTHER_ERRORS}`);
  }

  result(): FailedStats {
    return {
      total: this.total,
      byQueue: sorted(this.queues),
      byType: sorted(this.types),
      byError: sorted(this.errors),
      byTypeAndError: sorted(this.pairs).map(({ key, count }) => {
        const [type = '', error = ''] = key.split('\0');
        return { type, error, count };
      }),
    };
  }
}

const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

/** Most frequent first, then by key for a stable order. */
const sorted = (map: Map<string, number>): CountedKey[] =>
  [...map]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
