import { ValidationError } from '../errors';
import type { Priority, PriorityLevel } from '../message/envelope';

/**
 * BullMQ runs lower numbers first and runs priority 0 before every prioritized job, so every message
 * on a queue that uses priorities gets a number >= 1. Levels are spaced so numeric priorities and
 * aging (which moves a message one level up) fit between them.
 */
export const PRIORITY_LEVELS: Record<PriorityLevel, number> = {
  critical: 1000,
  high: 2000,
  normal: 3000,
  low: 4000,
};
export const LEVEL_ORDER: PriorityLevel[] = ['critical', 'high', 'normal', 'low'];
export const MAX_PRIORITY = 2_097_151;

export function isPriorityLevel(value: unknown): value is PriorityLevel {
  // own keys only: "toString" or "constructor" are not levels
  return typeof value === 'string' && Object.hasOwn(PRIORITY_LEVELS, value);
}

/** Level name -> BullMQ number; a number is used as-is (1 runs first, up to 2,097,151). */
export function toPriorityNumber(priority: Priority): number {
  if (typeof priority === 'number') {
    if (!Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITY) {
      throw new ValidationError('Invalid priority', [
        { path: 'priority', message: `must be an integer from 1 (first) to ${MAX_PRIORITY}` },
      ]);
    }
    return priority;
  }
  const value = isPriorityLevel(priority) ? PRIORITY_LEVELS[priority] : undefined;
  if (value === undefined) {
    throw new ValidationError('Invalid priority', [
      { path: 'priority', message: `must be one of ${LEVEL_ORDER.join(', ')} or an integer` },
    ]);
  }
  return value;
}

/** Accepts CLI/HTTP input: a level name or an integer string. */
export function parsePriority(input: string | number): Priority {
  if (typeof input === 'number') return input;
  if (isPriorityLevel(input)) return input;
  const n = Number(input);
  if (Number.isInteger(n)) return n;
  toPriorityNumber(input as PriorityLevel); // throws a field-level error
  return 'normal';
}
