import fs from 'node:fs';
import path from 'node:path';
import type { RedisCpuProbe } from './measure';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ), whatever the kernel's HZ. */
const TICKS_PER_SECOND = 100;

/** utime + stime (+ cutime + cstime: children it has reaped) of one process, in ticks; 0 once it is gone. */
function ticks(pid: number, withReaped: boolean): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name (which may hold spaces) start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
  return utime! + stime! + (withReaped ? cutime! + cstime! : 0);
}

function childrenOf(pid: number): number[] {
  try {
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    return tasks.flatMap((task) =>
      fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU seconds used so far by a PostgreSQL server this machine runs: the postmaster, its live
 * backends and background processes, and every backend that has exited (the postmaster reaps
 * them, so their time is in its cutime/cstime). Undefined where /proc cannot tell (not Linux, no
 * postmaster.pid: a BENCH_DATABASE_URL server elsewhere). Resolution: 10 ms per process.
 */
export function postgresCpuProbe(dataDir: string): RedisCpuProbe | undefined {
  let postmaster: number;
  try {
    postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!fs.existsSync(`/proc/${postmaster}/stat`)) return undefined;
  return async () => {
    let total = ticks(postmaster, true);
    for (const child of childrenOf(postmaster)) total += ticks(child, false);
    return total / TICKS_PER_SECOND;
  };
}
