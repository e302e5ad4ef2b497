import { ValidationError } from '../errors';
import { legacyJobs } from '../legacy/legacy-mapping';
import { DEFAULT_FLAG_MODE, flagModes, type FlagMode } from './flag-mode';
import type { FlagStore } from './flag-store';

export interface FlagView {
  job: string;
  mode: FlagMode;
  /** ISO time of the last change; null while the job has never been switched (it runs `legacy`). */
  updatedAt: string | null;
}

/** Runs after a flag was stored, e.g. to hand rows the bus holds back to the legacy job. */
export type FlagChangeHook = (job: string, mode: FlagMode) => Promise<void>;

/** The flags of the legacy jobs, as the CLI, the HTTP API and the admin UI show and change them. */
export class FlagService {
  constructor(
    private readonly store: FlagStore,
    private readonly onChange: readonly FlagChangeHook[] = [],
  ) {}

  /** Every known job, switched or not, in a stable order. */
  async list(): Promise<FlagView[]> {
    const stored = new Map((await this.store.list()).map((r) => [r.job, r]));
    return legacyJobs.map((job) => {
      const record = stored.get(job);
      return { job, mode: record?.mode ?? DEFAULT_FLAG_MODE, updatedAt: record?.updatedAt ?? null };
    });
  }

  async set(job: string, mode: string): Promise<FlagView> {
    const issues = [];
    if (!(legacyJobs as readonly string[]).includes(job))
      issues.push({ path: 'job', message: `"${job}" is not a job; known jobs: ${legacyJobs.join(', ')}` });
    if (!(flagModes as readonly string[]).includes(mode))
      issues.push({ path: 'mode', message: `"${mode}" is not a mode; use one of ${flagModes.join(', ')}` });
    if (issues.length) throw new ValidationError('Invalid flag', issues);
    const record = await this.store.set(job, mode as FlagMode);
    for (const hook of this.onChange) await hook(job, record.mode);
    return record;
  }
}
