import type { BenchCase } from '../bench-case';
import { batchDispatch } from './batch-dispatch';
import { batchHandler } from './batch-handler';
import { drainCase } from './drain';
import { postgresCases } from './postgres';
import { priorityDispatch } from './priority-dispatch';
import { singleDispatch } from './single-dispatch';

/** Table order. */
export const allCases: BenchCase[] = [
  singleDispatch,
  batchDispatch,
  drainCase(1, 3000, 8000),
  drainCase(50, 10_000, 5000),
  priorityDispatch,
  batchHandler,
  ...postgresCases,
];
