import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout; one logger per process, children add context. Written synchronously: a
 * delivery's line is out of the process before its message is acknowledged, so a SIGKILL cannot
 * take the lines of messages already handled (pino's default queues them in the process). The
 * cost was measured in bench/log-sync.ts (docs/operations.md, "Logs and crashes").
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
