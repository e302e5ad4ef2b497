import { z } from 'zod';

/**
 * Who runs a legacy job: its old cron route (`legacy`), the bus (`symphony`), or both with the bus
 * only recording what it would send (`shadow`). Unset means `legacy`: nothing moves until asked.
 */
export const flagModes = ['legacy', 'symphony', 'shadow'] as const;
export type FlagMode = (typeof flagModes)[number];
export const flagModeSchema = z.enum(flagModes);

export const DEFAULT_FLAG_MODE: FlagMode = 'legacy';

/** What old cron routes and handlers ask first: `if ((await flags.mode('emails')) === 'symphony') return;` */
export interface FlagReader {
  mode(job: string): Promise<FlagMode>;
}

/** True when the legacy cron job still sends for real in this mode. */
export const legacyRuns = (mode: FlagMode): boolean => mode !== 'symphony';
/** True when the bridge moves rows of the job onto the bus in this mode. */
export const busRuns = (mode: FlagMode): boolean => mode !== 'legacy';
