import type { LegacyDb } from './legacy-db';
import type { LegacyMapping } from './legacy-mapping';

/** The legacy database and its mapping, opened on first use (the process's legacy runtime, or a test's). */
export type LegacyAccess = () => Promise<{ db: LegacyDb; mapping: LegacyMapping }>;
