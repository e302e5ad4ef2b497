import { createSymphony, type Symphony, type SymphonyOptions } from '../bus/symphony';
import { configFromEnv, type SymphonyConfig } from '../config/config';
import { createLogger, createProcessLogger, type Logger } from '../logger';
import { chooseStore } from '../transport/default-store';
import { preparingNotice } from './embedded-api';
import { loadCliApp } from './app-option';
import { checkReadiness, type ReadinessCheck } from '../status/readiness';
import { SymphonyError, TransportError } from '../errors';
import { currentHost, type CliHost } from './output';

export interface CliContext {
  config: SymphonyConfig;
  logger: Logger;
  symphony: Symphony;
}

/**
 * Wires config, logger and bus for one command. Logs go to stderr except for the long-running
 * commands, so a command's stdout stays machine-readable.
 */
export async function createCliContext(
  options: { logsToStdout?: boolean; checkReachable?: boolean; bus?: SymphonyOptions } = {},
): Promise<CliContext> {
  const host = currentHost();
  if (host) return hostedContext(host);
  const settings = configFromEnv();
  // the app first: without one, nothing else (not even the store probe) should run
  const app = await loadCliApp(settings);
  const { config, notice } = await chooseStore(settings);
  const logger = createProcessLogger(config.logLevel, {
    fd: options.logsToStdout ? 1 : 2,
    format: config.logFormat,
  });
  // Long-running commands say which store they chose; a short one keeps stderr for its result or
  // error (LOG_LEVEL=debug shows the notice there too).
  if (notice) logger[options.logsToStdout ? 'info' : 'debug']({ store: config.defaultDsn }, notice);
  const preparing = preparingNotice(config.defaultDsn);
  if (preparing) logger.info(preparing);
  const symphony = createSymphony(app, config, { ...options.bus, logger });
  // Short commands fail fast on a store that does not answer; clients would otherwise retry forever.
  if (options.checkReachable ?? !options.logsToStdout) await ensureReachable(symphony);
  return { config, logger, symphony };
}

/** Runs `work` with a context for one short command, and closes its bus whatever happens. */
export async function withCliContext<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const context = await createCliContext();
  try {
    return await work(context);
  } finally {
    await context.symphony.close();
  }
}

/**
 * A command run by the server for a CLI in another terminal works on the server's bus; the
 * command's close() at its end must not close it.
 */
function hostedContext(host: CliHost): CliContext {
  const { symphony } = host;
  const borrowed = new Proxy(symphony, {
    get: (target, key) => {
      if (key === 'close') return async () => undefined;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { config: host.config, logger: host.logger, symphony: borrowed };
}

async function ensureReachable(symphony: Symphony): Promise<void> {
  // The error thrown below is the whole message: the check's own warn lines would make it several.
  const { ready, checks } = await checkReadiness(symphony, createLogger('silent'), REACH_TIMEOUT_MS);
  if (ready) return;
  const failed = checks.filter((c) => !c.ok);
  // A store that answered with a set-up error (wrong password, outdated schema, …) has its own
  // one-line fix; asking again is instant. Only stores that did not answer get the generic message.
  const named = await Promise.all(
    failed
      .filter((c) => c.reason !== 'unreachable')
      .map((c) =>
        symphony.queues
          .transport(c.queues[0]!)
          .counts(c.queues[0]!)
          .then(
            () => undefined,
            (e) => e,
          ),
      ),
  );
  await Promise.race([symphony.close(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  const precise = named.find((e) => e instanceof SymphonyError);
  if (precise) throw precise;
  throw new TransportError(unusableStoresMessage(failed));
}

/** The one line for stores that did not answer; `db:migrate` is suggested only for a schema problem. */
export function unusableStoresMessage(failed: readonly ReadinessCheck[]): string {
  const stores = failed
    .map(
      (c) =>
        `the ${c.transport} store of ${c.queues.join(', ')} is not usable (${c.reason ?? 'unreachable'})`,
    )
    .join('; ');
  const schema = failed.some((c) => c.reason?.startsWith('DB_SCHEMA'))
    ? ' An outdated schema needs `symphony db:migrate`.'
    : '';
  return `${stores}. Is it running, and is SYMPHONY_TRANSPORT_DSN (or the queue's dsn) right?${schema}`;
}

const REACH_TIMEOUT_MS = 5000;
