import { parseArgs } from 'node:util';

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
  return options.only.length === 0 || options.only.some((o) => id === o || id.startsWith(`${o}-`));
}

/** `npm run bench -- [--repeats 11] [--scale 1] [--only dispatch-single,drain-c1,peers,latency]` */
export function parseBenchOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      repeats: { type: 'string' },
      scale: { type: 'string', default: '1' },
      only: { type: 'string', default: '' },
    },
  });
  const repeats = values.repeats === undefined ? undefined : Number(values.repeats);
  const scale = Number(values.scale);
  if (repeats !== undefined && (!Number.isInteger(repeats) || repeats < 1))
    throw new Error(`--repeats must be a positive integer`);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number`);
  return {
    ...(repeats !== undefined ? { repeats } : {}),
    scale,
    only: values.only ? values.only.split(',').map((s) => s.trim()) : [],
  };
}
