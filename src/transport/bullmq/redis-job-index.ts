import type { Queue } from 'bullmq';
import {
  MESSAGE_STATES,
  type BrowsePage,
  type BrowseStep,
  type MessageFilter,
  type MessageState,
  type MessageSummary,
} from '../message-browser';
import { messageMatcher, readsContent } from '../message-filter';
import type { JobIndex } from './bullmq-message-browser';
import { summaryOfJob, type JobFields, type JobPlace } from './job-message';
import type { RedisClient } from './redis-connection';
import { WalkPosition, type WalkOrder } from './redis-walk-position';
import { readableEnvelope } from './scheduled-job';

/** Entries one Redis command may read: every range read of a walk is at most this long. */
export const REDIS_CHUNK = 500;
/** The first read of a step: a page where most entries match needs little more than the page. */
const FIRST_READ = 50;
/** How far LPOS looks for a job in a queue's active list (as long as workers × concurrency). */
const ACTIVE_SCAN = 5000;
/** BullMQ bakes a counter into the delayed score: due time = floor(score / 0x1000). */
const DELAY_SCORE_FACTOR = 0x1000;

/** BullMQ's keys of each state; lists newest first, sorted sets in the order the UI wants them. */
const STATE_KEYS: Record<MessageState, { keys: string[]; order: WalkOrder }> = {
  active: { keys: ['active'], order: 'list' },
  waiting: { keys: ['wait', 'paused'], order: 'list' },
  prioritized: { keys: ['prioritized'], order: 'oldest' },
  delayed: { keys: ['delayed'], order: 'oldest' },
  failed: { keys: ['failed'], order: 'newest' },
  completed: { keys: ['completed'], order: 'newest' },
};

const SUMMARY_FIELDS = ['name', 'timestamp', 'processedOn', 'finishedOn', 'atm', 'failedReason', 'rjk'];

interface Segment {
  queue: string;
  state: MessageState;
  key: string;
  order: WalkOrder;
}

interface Entry {
  id: string;
  score?: number;
  fields: (string | null)[];
}

/**
 * Browsing BullMQ on Redis without scanning the world: each state's list or sorted set is read in
 * ranges of at most REDIS_CHUNK (LRANGE, Z[REV]RANGEBYSCORE … LIMIT), then each job's few fields by
 * HMGET, pipelined. Never KEYS or SCAN, never a script. Sorted sets continue from the last score
 * seen, so messages arriving meanwhile do not shift the walk; lists continue from an offset.
 */
export class RedisJobIndex implements JobIndex {
  constructor(
    private readonly client: RedisClient,
    private readonly queue: (name: string) => Queue,
  ) {}

  async browse(queues: readonly string[], filter: MessageFilter, step: BrowseStep): Promise<BrowsePage> {
    const segments = this.segments(queues, filter.states ?? MESSAGE_STATES);
    const matches = messageMatcher(filter);
    const withData = readsContent(filter);
    const start = WalkPosition.parse(step.after, (s) => segments[s]?.order);
    const items: MessageSummary[] = [];
    let scanned = 0;
    // Reads grow (50, 100, 200, 400, 500, …) while matches are sparse, so a page of common
    // matches reads about its size and a rare filter soon reads full chunks.
    let want = Math.max(step.limit, FIRST_READ);
    for (let s = start.segment; s < segments.length; s++) {
      const segment = segments[s]!;
      let position = s === start.segment ? start : WalkPosition.start(s, segment.order);
      for (;;) {
        const room = Math.min(REDIS_CHUNK, step.budget - scanned, want);
        if (room <= 0) return { items, scanned, next: position.encode() };
        const entries = await this.read(segment, position, room, withData);
        want *= 2;
        const picked: Entry[] = [];
        let read = 0;
        for (const entry of entries) {
          read++;
          scanned++;
          position = position.next(entry.score);
          if (entry.fields[0] !== null && matches(this.matchInput(segment, entry))) picked.push(entry);
          if (items.length + picked.length >= step.limit) break;
        }
        items.push(...(await this.summaries(segment, picked, withData)));
        if (items.length >= step.limit) {
          const more = read < entries.length || entries.length === room || s + 1 < segments.length;
          return more ? { items, scanned, next: position.encode() } : { items, scanned };
        }
        if (entries.length < room) break; // this state of this queue is done
      }
    }
    return { items, scanned };
  }

  async placeOf(queueName: string, id: string): Promise<JobPlace | undefined> {
    const q = this.queue(queueName);
    const replies = await this.client
      .pipeline()
      .exists(q.toKey(id))
      .zscore(q.toKey('completed'), id)
      .zscore(q.toKey('failed'), id)
      .zscore(q.toKey('delayed'), id)
      .zscore(q.toKey('prioritized'), id)
      .lpos(q.toKey('active'), id, 'MAXLEN', ACTIVE_SCAN)
      .exec();
    const [exists, completed, failed, delayed, prioritized, active] = (replies ?? []).map(
      ([error, value]) => {
        if (error) throw error;
        return value;
      },
    );
    if (!exists) return undefined;
    if (completed !== null) return { state: 'completed' };
    if (failed !== null) return { state: 'failed' };
    if (delayed !== null) return { state: 'delayed', dueAt: dueOf(Number(delayed)) };
    if (prioritized !== null) return { state: 'prioritized' };
    return { state: active !== null ? 'active' : 'waiting' };
  }

  private segments(queues: readonly string[], states: readonly MessageState[]): Segment[] {
    return queues.flatMap((queue) =>
      MESSAGE_STATES.filter((state) => states.includes(state)).flatMap((state) =>
        STATE_KEYS[state].keys.map((key) => ({ queue, state, key, order: STATE_KEYS[state].order })),
      ),
    );
  }

  /** One range read (at most `count` ids), then each job's fields in one pipeline. */
  private async read(segment: Segment, position: WalkPosition, count: number, withData: boolean) {
    const q = this.queue(segment.queue);
    const key = q.toKey(segment.key);
    const range = position.range(count);
    let ids: { id: string; score?: number }[];
    if (segment.order === 'list') {
      ids = (await this.client.lrange(key, range.start, range.stop)).map((id) => ({ id }));
    } else {
      const reply =
        segment.order === 'newest'
          ? await this.client.zrevrangebyscore(
              key,
              range.from,
              '-inf',
              'WITHSCORES',
              'LIMIT',
              range.skip,
              count,
            )
          : await this.client.zrangebyscore(
              key,
              range.from,
              '+inf',
              'WITHSCORES',
              'LIMIT',
              range.skip,
              count,
            );
      ids = withScores(reply as unknown[]);
    }
    if (ids.length === 0) return [];
    const fields = withData ? [...SUMMARY_FIELDS, 'data'] : SUMMARY_FIELDS;
    const pipeline = this.client.pipeline();
    for (const { id } of ids) pipeline.hmget(q.toKey(id), ...fields);
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((e, i) => ({ ...e, fields: (replies[i]?.[1] as (string | null)[]) ?? [null] }));
  }

  private matchInput(segment: Segment, entry: Entry) {
    const [name, timestamp] = entry.fields;
    return {
      type: name ?? '',
      state: segment.state,
      storedAt: Number(timestamp),
      content: () =>
        readableEnvelope(jobFieldsOf(segment, entry, entry.fields[SUMMARY_FIELDS.length] ?? null), 1),
    };
  }

  /** The picked entries' summaries; their data is read now when the filter did not need it. */
  private async summaries(segment: Segment, picked: Entry[], withData: boolean): Promise<MessageSummary[]> {
    if (picked.length === 0) return [];
    let data = picked.map((e) => e.fields[SUMMARY_FIELDS.length] ?? null);
    if (!withData) {
      const q = this.queue(segment.queue);
      const pipeline = this.client.pipeline();
      for (const e of picked) pipeline.hget(q.toKey(e.id), 'data');
      data = ((await pipeline.exec()) ?? []).map(([, value]) => (value as string | null) ?? null);
    }
    return picked.map((entry, i) => this.summary(segment, entry, data[i] ?? null));
  }

  private summary(segment: Segment, entry: Entry, data: string | null): MessageSummary {
    const dueAt = segment.state === 'delayed' && entry.score !== undefined ? dueOf(entry.score) : undefined;
    return summaryOfJob(jobFieldsOf(segment, entry, data), {
      state: segment.state,
      ...(dueAt !== undefined ? { dueAt } : {}),
    });
  }
}

/** The job's hash fields as BullMQ would decode them (data kept as text when it is not JSON). */
function jobFieldsOf(segment: Segment, entry: Entry, data: string | null): JobFields {
  const [name, timestamp, processedOn, finishedOn, atm, failedReason, rjk] = entry.fields;
  return {
    id: entry.id,
    name: name ?? '',
    data: parseData(data),
    queueName: segment.queue,
    timestamp: Number(timestamp),
    ...(rjk ? { repeatJobKey: rjk } : {}),
    opts: {},
    ...(processedOn ? { processedOn: Number(processedOn) } : {}),
    ...(finishedOn ? { finishedOn: Number(finishedOn) } : {}),
    attemptsMade: Number(atm ?? 0),
    ...(failedReason ? { failedReason } : {}),
  };
}

function parseData(data: string | null): unknown {
  try {
    return JSON.parse(data ?? '{}');
  } catch {
    return data;
  }
}

/** RESP2 answers WITHSCORES flat ([m, s, m, s]), RESP3 in pairs ([[m, s], …]). */
function withScores(reply: unknown[]): { id: string; score: number }[] {
  if (reply.length > 0 && Array.isArray(reply[0])) {
    return (reply as [string, string | number][]).map(([id, score]) => ({ id, score: Number(score) }));
  }
  const out: { id: string; score: number }[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2)
    out.push({ id: String(reply[i]), score: Number(reply[i + 1]) });
  return out;
}

const dueOf = (score: number): number => Math.floor(score / DELAY_SCORE_FACTOR);
