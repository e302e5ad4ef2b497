import type { AppDefinition } from '../bus/app-definition';
import { createSymphony, type Symphony, type SymphonyOptions } from '../bus/symphony';
import { configFromEnv, type SymphonyConfig } from '../config/config';
import { appFingerprint } from './app-fingerprint';

export interface GetSymphonyOptions {
  /** Default: configFromEnv() (SYMPHONY_TRANSPORT_DSN, …), read when the bus is first made. */
  config?: SymphonyConfig;
  options?: SymphonyOptions;
  /** One bus per key in the process; a second app (another store, say) takes another key. */
  key?: string;
}

interface Held {
  app: AppDefinition;
  fingerprint: string;
  bus: Symphony;
}

/** On globalThis, not in this module: a re-evaluated module must find the bus it made before. */
const SLOT = Symbol.for('symphony-messenger.next.buses');

function held(): Map<string, Held> {
  const global = globalThis as { [SLOT]?: Map<string, Held> };
  return (global[SLOT] ??= new Map());
}

/**
 * The process's bus for this app, made on first use and kept on globalThis. `next dev` evaluates
 * modules again on every edit; a bus made at module level would open one more connection each time.
 * Here the same app, or a re-evaluated copy with the same messages, routing and queues, gets the
 * same bus (one connection whatever the number of reloads); an app whose wiring was edited gets a
 * new bus and the old one is closed.
 */
export function getSymphony(app: AppDefinition, options: GetSymphonyOptions = {}): Symphony {
  const key = options.key ?? 'default';
  const current = held().get(key);
  if (current?.app === app) return current.bus;
  const fingerprint = appFingerprint(app);
  if (current?.fingerprint === fingerprint) {
    current.app = app; // the next call takes the fast path
    return current.bus;
  }
  const bus = createSymphony(app, options.config ?? configFromEnv(), options.options);
  held().set(key, { app, fingerprint, bus });
  if (current) void current.bus.close().catch(() => undefined);
  return bus;
}

/**
 * Puts a bus in the slot getSymphony(app) reads (the test kit's fakeSymphony); the function
 * returned puts back what was there.
 */
export function holdSymphony(app: AppDefinition, bus: Symphony, key = 'default'): () => void {
  const previous = held().get(key);
  held().set(key, { app, fingerprint: appFingerprint(app), bus });
  return () => {
    if (held().get(key)?.bus !== bus) return;
    if (previous) held().set(key, previous);
    else held().delete(key);
  };
}

/** Closes the held buses (tests, a custom server's shutdown); the next getSymphony() makes a new one. */
export async function closeSymphony(key?: string): Promise<void> {
  const entries = [...held()].filter(([k]) => key === undefined || k === key);
  entries.forEach(([k]) => held().delete(k));
  await Promise.all(entries.map(([, h]) => h.bus.close()));
}
