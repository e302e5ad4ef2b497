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

export type LogFormat = 'json' | 'pretty';

/**
 * A CLI process's logger on stdout (fd 1) or stderr (fd 2): JSON lines, or colored readable lines
 * (pino-pretty, written synchronously too) when asked, or by default when that output is a terminal.
 * Without pino-pretty (an optional peer) it stays JSON.
 */
export function createProcessLogger(level: string, options: { fd?: 1 | 2; format?: LogFormat } = {}): Logger {
  const fd = options.fd ?? 1;
  const terminal = (fd === 1 ? process.stdout : process.stderr).isTTY === true;
  const pretty =
    (options.format ?? (terminal ? 'pretty' : 'json')) === 'pretty' ? prettyStream(fd) : undefined;
  return createLogger(level, pretty ?? (fd === 1 ? undefined : pino.destination({ dest: 2, sync: true })));
}

function prettyStream(fd: 1 | 2): pino.DestinationStream | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional peer, only for terminals
    const pretty = require('pino-pretty') as typeof import('pino-pretty');
    return pretty({ destination: fd, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l' });
  } catch {
    return undefined;
  }
}
