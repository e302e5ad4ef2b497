import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AppDefinition } from '../../src/bus/app-definition';
import { createSymphony, type Symphony, type SymphonyOptions } from '../../src/bus/symphony';
import { defaultConfig, type SymphonyConfig } from '../../src/config/config';
import { createLogger } from '../../src/logger';

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: the global setup should have started Redis');
  return url;
}

/** A key prefix no other test uses, so tests can run in parallel on one Redis. */
export const uniquePrefix = (): string => `t-${randomUUID().slice(0, 8)}`;

/** Captures log lines as parsed JSON objects. */
export function captureLogs(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

const open = new Set<Symphony>();
const logsByBus = new WeakMap<Symphony, Record<string, unknown>[]>();

/** The log lines a test bus wrote, parsed. */
export const logsOf = (symphony: Symphony): Record<string, unknown>[] => logsByBus.get(symphony) ?? [];

/** A bus on the test Redis with its own prefix; closed by closeTestBuses() or by the test. */
export function testBus(
  app: AppDefinition,
  config: Partial<SymphonyConfig> = {},
  options: SymphonyOptions = {},
): Symphony {
  const logs = captureLogs();
  const symphony = createSymphony(
    app,
    defaultConfig({ defaultDsn: redisUrl(), redisPrefix: uniquePrefix(), logLevel: 'info', ...config }),
    { logger: createLogger('info', logs.stream), ...options },
  );
  const close = symphony.close.bind(symphony);
  symphony.close = async () => {
    open.delete(symphony);
    await close();
  };
  open.add(symphony);
  logsByBus.set(symphony, logs.lines);
  return symphony;
}

export async function closeTestBuses(): Promise<void> {
  await Promise.all([...open].map((s) => s.close()));
}

/** Polls until the predicate holds; for waiting on asynchronous work, not for timing assertions. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  accept: (v: T) => boolean = Boolean,
  timeoutMs = 60_000, // a deadline for failures only: a loaded 2-core machine is slow, never wrong
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Condition not met within ${timeoutMs} ms (last value: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
