import type { Job } from 'bullmq';
import type { MessageAttempt, MessageState, MessageSummary, StoredMessage } from '../message-browser';
import type { JobLike } from './job-envelope';
import { storedMaxAttempts } from './job-options';
import { readableEnvelope } from './scheduled-job';

/** What a summary is made of: a BullMQ Job, or the same fields read from Redis or SQL. */
export interface JobFields extends JobLike {
  processedOn?: number;
  finishedOn?: number;
  attemptsMade: number;
  failedReason?: string;
}

/** Where a message is: its state, and for a delayed one when it is due (epoch ms). */
export interface JobPlace {
  state: MessageState;
  dueAt?: number;
}

export function summaryOfJob(fields: JobFields, place: JobPlace): MessageSummary {
  const envelope = readableEnvelope(fields, 1);
  const { state, dueAt } = place;
  return {
    id: String(fields.id),
    queue: fields.queueName,
    type: fields.name,
    state,
    dispatchedAt: envelope.dispatchedAt,
    correlationId: envelope.correlationId,
    ...(envelope.idempotencyKey !== undefined ? { idempotencyKey: envelope.idempotencyKey } : {}),
    priority: envelope.priority,
    attemptsMade: fields.attemptsMade,
    ...(state === 'delayed' && dueAt ? { dueAt: iso(dueAt) } : {}),
    ...(fields.processedOn ? { processedAt: iso(fields.processedOn) } : {}),
    ...(fields.finishedOn ? { finishedAt: iso(fields.finishedOn) } : {}),
    ...(fields.failedReason && state !== 'completed' ? { error: fields.failedReason } : {}),
  };
}

/**
 * The log line the consumer writes when an attempt fails: readable in Bull Board, and the only
 * place BullMQ keeps the time of an attempt other than the last.
 */
export function attemptLogLine(attempt: number, startedAt: number, failedAt: number, error: string): string {
  return `Symphony: attempt ${attempt} started ${iso(startedAt)}, failed ${iso(failedAt)}: ${error}`;
}

const LOG_LINE = /^Symphony: attempt \d+ started (\S+), failed (\S+): ([\s\S]*)$/;

export function storedMessageOf(job: Job, place: JobPlace, logs: readonly string[]): StoredMessage {
  const summary = summaryOfJob(job as JobFields, place);
  return {
    ...summary,
    envelope: readableEnvelope(job, Math.max(job.attemptsMade, 1)),
    ...(storedMaxAttempts(job) ? { maxAttempts: storedMaxAttempts(job) } : {}),
    attempts: attemptsOf(job, place.state, logs),
  };
}

/**
 * Failed attempts from the consumer's log lines and BullMQ's stack per failure (same order); then
 * the attempt that completed or is running. Attempts failed before the log existed have no times,
 * except the last one, whose times BullMQ keeps.
 */
function attemptsOf(job: Job, state: MessageState, logs: readonly string[]): MessageAttempt[] {
  const recorded = logs.flatMap((line) => {
    const match = LOG_LINE.exec(line);
    return match ? [{ startedAt: match[1]!, endedAt: match[2]!, message: match[3]! }] : [];
  });
  const stacks = job.stacktrace ?? [];
  const failures = Math.max(recorded.length, stacks.length);
  const attempts: MessageAttempt[] = [];
  for (let i = 0; i < failures; i++) {
    const log = recorded[i];
    const stack = stacks[i] ?? undefined;
    const last = i === failures - 1 && state === 'failed';
    attempts.push({
      attempt: i + 1,
      outcome: 'failed',
      ...(log ? { startedAt: log.startedAt, endedAt: log.endedAt } : last ? lastTimes(job) : {}),
      error: {
        message: log?.message ?? (last ? job.failedReason : firstLine(stack)),
        ...(stack ? { stack } : {}),
      },
    });
  }
  if (state === 'completed' || state === 'active') {
    attempts.push({
      attempt: failures + 1,
      outcome: state === 'active' ? 'running' : 'completed',
      ...(job.processedOn ? { startedAt: iso(job.processedOn) } : {}),
      ...(state === 'completed' && job.finishedOn ? { endedAt: iso(job.finishedOn) } : {}),
    });
  }
  return attempts;
}

function lastTimes(job: Job): { startedAt?: string; endedAt?: string } {
  return {
    ...(job.processedOn ? { startedAt: iso(job.processedOn) } : {}),
    ...(job.finishedOn ? { endedAt: iso(job.finishedOn) } : {}),
  };
}

/** "Error: message\n    at …" -> "message". */
function firstLine(stack: string | undefined): string {
  const line = stack?.split('\n')[0] ?? '';
  return line.replace(/^\w*Error: /, '');
}

const iso = (ms: number): string => new Date(ms).toISOString();
