import { z } from 'zod';
import { bounded, LIMITS } from '../bus/limits';
import { ValidationError } from '../errors';
import { zodIssues } from '../message/validate-body';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** The numbers of WorkerLimits, bounded as the CLI flags are (LIMITS says why). */
const workerLimitsSchema = z.object({
  concurrency: bounded.concurrency().optional(),
  limit: bounded.count().optional(),
  timeLimitSeconds: int(1, LIMITS.maxTimeLimitSeconds).optional(),
  memoryLimitMb: int(LIMITS.minMemoryLimitMb, LIMITS.maxMemoryLimitMb).optional(),
  shutdownTimeoutSeconds: int(0, LIMITS.maxShutdownTimeoutSeconds),
});

/** Refuses out-of-range worker limits field by field (a --time-limit past Node's timer range stopped at once). */
export function checkWorkerLimits(limits: unknown): void {
  const parsed = workerLimitsSchema.safeParse(limits);
  if (!parsed.success) throw new ValidationError('Invalid worker limits', zodIssues(parsed.error));
}
