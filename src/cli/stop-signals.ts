import type { Logger } from '../logger';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Calls `stop` on the first SIGTERM/SIGINT and keeps listening afterwards: under `npm start`,
 * Ctrl-C reaches the process twice (from the terminal and forwarded by npm), and a second signal
 * without a listener would kill it mid-stop, so npm reports 130 instead of the clean exit 0.
 * Later signals are logged and ignored; the shutdown timeout bounds the stop.
 */
export function onStopSignal(logger: Logger, stop: (signal: string) => void): () => void {
  let received: string | undefined;
  const listener = (signal: NodeJS.Signals) => {
    if (received) return logger.info({ signal }, 'already stopping: in-flight work is finishing');
    received = signal;
    stop(signal);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return () => SIGNALS.forEach((signal) => process.off(signal, listener));
}
