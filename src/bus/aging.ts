import type { PriorityLevel } from '../message/envelope';
import type { PrioritizedMessage, PriorityAging } from '../transport/capabilities';
import { isPriorityLevel, LEVEL_ORDER, PRIORITY_LEVELS } from './priority';

/**
 * Anti-starvation: a message dispatched at a named level moves up one level for every `afterMs`
 * it has waited, never above `maxLevel` (default `high`, so aged work never jumps `critical`).
 * Messages dispatched with a raw number are left alone.
 */
export interface AgingRule {
  afterMs: number;
  maxLevel?: PriorityLevel;
  /** How often a worker runs the pass (default: afterMs / 4, at least 250 ms). */
  checkEveryMs?: number;
}

export function agedPriority(message: PrioritizedMessage, rule: AgingRule, now: number): number | undefined {
  if (!isPriorityLevel(message.dispatchedPriority)) return undefined;
  const steps = Math.floor((now - message.enqueuedAt) / rule.afterMs);
  if (steps <= 0) return undefined;
  const ceiling = LEVEL_ORDER.indexOf(rule.maxLevel ?? 'high');
  const target = Math.max(LEVEL_ORDER.indexOf(message.dispatchedPriority) - steps, ceiling);
  const priority = PRIORITY_LEVELS[LEVEL_ORDER[target]!];
  return priority < message.priority ? priority : undefined;
}

/** One aging pass over a queue; returns how many messages were promoted. */
export function runAgingPass(
  aging: PriorityAging,
  queue: string,
  rule: AgingRule,
  now = Date.now(),
): Promise<number> {
  const floor = PRIORITY_LEVELS[rule.maxLevel ?? 'high'];
  return aging.reprioritize(queue, floor, (m) => agedPriority(m, rule, now));
}

export const agingInterval = (rule: AgingRule): number =>
  rule.checkEveryMs ?? Math.max(250, Math.floor(rule.afterMs / 4));
