import type { CaseDefinition } from '../bench-case';
import { plainJob, type ShapeOf } from '../job-shapes';
import { rawDispatchOne } from '../raw-drivers';
import { symphonyDispatchOne } from '../symphony-drivers';
import { LEVEL_ORDER, PRIORITY_LEVELS } from '../../src/bus/priority';

/** Both sides cycle through the four levels; raw uses the very numbers Symphony maps them to. */
const levelOf = (i: number) => LEVEL_ORDER[i % LEVEL_ORDER.length]!;
const prioritizedJob: ShapeOf = (i) => ({ ...plainJob(i), opts: { priority: PRIORITY_LEVELS[levelOf(i)] } });

export const priorityDispatch: CaseDefinition = {
  id: 'dispatch-priority',
  title: 'dispatch with priority, one at a time',
  sizes: {
    redis: { messages: 8000, warmup: 4000 },
    postgres: { messages: 2000, warmup: 1000 },
    pglite: { messages: 500, warmup: 300 },
  },
  target: 0.93,
  raw: (store) => rawDispatchOne(store, 'priority', prioritizedJob),
  symphony: (store) =>
    symphonyDispatchOne(store, 'priority', { priorities: true }, (i) => ({ priority: levelOf(i) })),
};
