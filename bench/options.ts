import { parseArgs } from 'node:util';
import { BenchInputError, usageError } from './bench-errors';

export interface BenchOptions {
  /** Timed runs per side per case (median reported); default: the case's own (11 on Redis, 5 on SQL). */
  repeats?: number;
  /** Multiplies every case's message count (e.g. 0.2 for a smoke run). */
  scale: number;
  /** Case ids to run, or their groups (`peers`, `latency`, `postgres`: the ids they start); empty = all. */
  only: string[];
}

/** Whether `--only` selects the case or row `id`. */
export function selects(options: BenchOptions, id: string): boolean {
  return options.only.length === 0 || options.only.some((o) => names(o, id));
}

/** `o` names `id` itself, or a group of ids: its first words (`peers`, `postgres-drain`). */
const names = (o: string, id: string): boolean => id === o || id.startsWith(`${o}-`);

/** `npm run bench -- [--repeats 11] [--scale 1] [--only dispatch-single,drain-c1,peers,latency]` */
export function parseBenchOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const { values } = parseOrExplain(argv);
  const repeats = values.repeats === undefined ? undefined : Number(values.repeats);
  const scale = Number(values.scale);
  if (repeats !== undefined && (!Number.isInteger(repeats) || repeats < 1))
    throw new BenchInputError(`--repeats must be a positive integer, got "${values.repeats}"`);
  if (!(scale > 0)) throw new BenchInputError(`--scale must be a positive number, got "${values.scale}"`);
  return {
    ...(repeats !== undefined ? { repeats } : {}),
    scale,
    only: values.only ? values.only.split(',').map((s) => s.trim()) : [],
  };
}

function parseOrExplain(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        repeats: { type: 'string' },
        scale: { type: 'string', default: '1' },
        only: { type: 'string', default: '' },
      },
    });
  } catch (error) {
    throw usageError(error, USAGE);
  }
}

const USAGE = 'npm run bench -- [--repeats N] [--scale X] [--only id,group,...]';

/**
 * Refuses `--only` names that select nothing (a typo would otherwise run nothing and exit 0), naming
 * what exists: every id, and the groups (an id's words before a dash).
 */
export function checkSelections(options: BenchOptions, ids: readonly string[]): void {
  const unknown = options.only.filter((o) => !ids.some((id) => names(o, id)));
  if (unknown.length === 0) return;
  const groups = new Set(
    ids.flatMap((id) => {
      const words = id.split('-');
      return words.slice(1).map((_, i) => words.slice(0, i + 1).join('-'));
    }),
  );
  throw new BenchInputError(
    `--only ${unknown.map((u) => `"${u}"`).join(', ')} selects nothing. ` +
      `Ids: ${ids.join(', ')}. Groups: ${[...groups].join(', ')}.`,
  );
}
