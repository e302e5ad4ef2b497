import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; one logger per process, children add context. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
