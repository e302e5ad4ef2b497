import type { Command } from 'commander';
import { configFromEnv } from '../config/config';
import { httpConfigFromEnv, type HttpConfig } from '../config/http-config';
import { observabilityConfigFromEnv } from '../config/observability-config';
import { createProcessLogger } from '../logger';
import { HTTP_API_PEERS, withOptionalPeers } from '../packaging/optional-peers';
import type * as System from '../system/system';
import type { SystemOptions } from '../system/system';
import { loadCliApp } from './app-option';
import { chooseStore, type StoreChoice } from '../transport/default-store';
import { announceApi, preparingNotice } from './embedded-api';
import { LIMITS } from '../bus/limits';
import { intIn } from './parse';
import { onStopSignal } from './stop-signals';
import { readyLine } from './ready-line';

interface ServeOptions {
  host?: string;
  port?: number;
  metricsPort?: number;
  shutdownTimeout: number;
}

/**
 * The one place the transport DSN of `serve`/`start` comes from: SYMPHONY_TRANSPORT_DSN, or
 * without it a local Redis when one answers, else the embedded store (see default-store).
 */
export function startConfig(): Promise<StoreChoice> {
  return chooseStore(configFromEnv());
}

export function registerServeCommands(program: Command): void {
  const withOptions = (command: Command): Command =>
    command
      .option('--host <host>', 'address to bind (default SYMPHONY_HTTP_HOST or 127.0.0.1)')
      .option(
        '--port <port>',
        'port to listen on (default SYMPHONY_HTTP_PORT, PORT or 3000)',
        intIn(0, 65_535),
      )
      .option(
        '--shutdown-timeout <s>',
        'seconds in-flight work gets to finish on stop',
        intIn(0, LIMITS.maxShutdownTimeoutSeconds),
        30,
      )
      .option(
        '--metrics-port <port>',
        'also serve /metrics, /healthz, /readyz without a token on this port (default SYMPHONY_METRICS_PORT; /metrics is on the API port anyway)',
        intIn(0, 65_535),
      );

  withOptions(program.command('serve'))
    .description('run the HTTP API (dispatch, status, failed messages, schedules, queues, metrics)')
    .action((opts: ServeOptions) => run(opts, {}));

  withOptions(program.command('start'))
    .description('run the whole system in one process: HTTP API, a worker on every queue, schedule sync')
    .action((opts: ServeOptions) => run(opts, { worker: true, syncSchedules: true }));
}

async function run(opts: ServeOptions, extra: Partial<SystemOptions>): Promise<void> {
  const { config, notice } = await startConfig();
  const http: HttpConfig = {
    ...httpConfigFromEnv(),
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.port !== undefined ? { port: opts.port } : {}),
  };
  const logger = createProcessLogger(config.logLevel, { format: config.logFormat });
  if (notice) logger.info({ store: config.defaultDsn }, notice);
  const preparing = preparingNotice(config.defaultDsn);
  if (preparing) logger.info(preparing);
  // from now on: a Ctrl-C while starting stops the system once it has started, and exits 0
  let stopListening = (): void => undefined;
  const signalled = new Promise<string>((resolve) => (stopListening = onStopSignal(logger, resolve)));
  const app = await loadCliApp(config);
  const system = await loadSystem().startSystem({
    app,
    config,
    http,
    logger,
    shutdownTimeoutSeconds: opts.shutdownTimeout,
    observability: observabilityConfigFromEnv(),
    metricsPort: opts.metricsPort,
    ...extra,
  });
  // while this process holds the embedded store, short CLI commands go through its API
  const unannounce = announceApi(config.defaultDsn, system.http.url);
  logger.info(...readyLine(system.http.url, system.metricsUrl, performance.now()));
  const signal = await signalled;
  logger.info({ signal }, 'signal received, stopping');
  unannounce();
  await system.stop();
  stopListening();
}

/** The HTTP API's packages are optional peers: required when serve/start runs, not with the CLI. */
const loadSystem = (): typeof System =>
  withOptionalPeers('The HTTP API (symphony serve/start)', HTTP_API_PEERS, () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, not at import
    require('../system/system'),
  );
