import { onStore, type BenchCase, type CaseDefinition } from '../bench-case';
import { pgliteStore, postgresStore } from '../sql-stores';
import { redisStore } from '../stores';
import { batchDispatch } from './batch-dispatch';
import { batchHandler } from './batch-handler';
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

/** Table order: every case on Redis (the rows with targets), then on PostgreSQL, then on PGlite. */
export const allCases: BenchCase[] = [redisStore, postgresStore, pgliteStore].flatMap((store) =>
  caseDefinitions.map((definition) => onStore(definition, store)),
);
