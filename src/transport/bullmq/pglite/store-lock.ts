import fs from 'node:fs';
import path from 'node:path';
import { DatabaseError } from '../../../errors';

const LOCK_FILE = 'symphony.lock';

/**
 * PGlite is single-process: a second process on the same directory would corrupt it. The lock file
 * holds the owner's pid; a lock whose process is gone (crash, kill -9) is taken over.
 * Returns the unlock function.
 */
export function lockStore(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => unlock(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(fs.readFileSync(file, 'utf8').trim());
    if (owner === process.pid || (owner > 0 && isAlive(owner))) {
      const who = owner === process.pid ? 'this process already' : `process ${owner}`;
      throw new DatabaseError(
        'DB_STORE_LOCKED',
        `The embedded store ${dir} is open in ${who} (PGlite allows one process): stop it first, ` +
          'or use Redis/PostgreSQL (SYMPHONY_TRANSPORT_DSN) to run several processes.',
      );
    }
    fs.rmSync(file, { force: true }); // stale: its owner is gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlock(file: string): void {
  try {
    if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}
