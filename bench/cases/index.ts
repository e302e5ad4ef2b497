import { onStore, type BenchCase, type CaseDefinition } from '../bench-case';
import { pgliteStore, postgresStore } from '../sql-stores';
import { redisStore } from '../stores';
import { batchDispatch } from './batch-dispatch';
import { batchHandler } from './batch-handler';
import { controlCase } from './control';
import { drainCase } from './drain';
import { priorityDispatch } from './priority-dispatch';
import { singleDispatch } from './single-dispatch';

/** Row order within a store. */
export const caseDefinitions: CaseDefinition[] = [
  singleDispatch,
  batchDispatch,
  drainCase(1, {
    redis: { messages: 6000, warmup: 8000 },
    postgres: { messages: 2000, warmup: 1000 },
    pglite: { messages: 300, warmup: 150 },
  }),
  drainCase(50, {
    redis: { messages: 10_000, warmup: 5000 },
    postgres: { messages: 5000, warmup: 2000 },
    pglite: { messages: 600, warmup: 300 },
  }),
  priorityDispatch,
  batchHandler,
];

/**
 * Raw against raw (cases/control.ts), for the noise of this run: a latency-bound and a CPU-bound
 * dispatch, and the latency-bound drain, the noisiest case.
 */
export const controlCases: BenchCase[] = caseDefinitions
  .filter((d) => ['dispatch-single', 'dispatch-batch', 'drain-c1'].includes(d.id))
  .map(controlCase);

/**
 * Table order: every case on Redis (the rows with targets), the controls (raw against raw, on Redis),
 * then every case on PostgreSQL, then on PGlite.
 */
export const allCases: BenchCase[] = [
  ...caseDefinitions.map((definition) => onStore(definition, redisStore)),
  ...controlCases,
  ...[postgresStore, pgliteStore].flatMap((store) =>
    caseDefinitions.map((definition) => onStore(definition, store)),
  ),
];
