import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { core } from '@opentelemetry/sdk-node';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { defineApp } from '../src/bus/app-definition';
import { createSymphony, type Symphony } from '../src/bus/symphony';
import { defaultConfig } from '../src/config/config';
import { defineHandler } from '../src/handling/handler-registry';
import { createLogger } from '../src/logger';
import { defineMessage } from '../src/message/define-message';
import { bodyFor, freshNames } from './fixtures';
import { countdown, median } from './measure';
import { benchRedis } from './redis';
import { reportBenchFailure } from './bench-errors';

/**
 * `node --import tsx bench/tracing-overhead.ts [messages] [pairs]`: dispatch one at a time and drain
 * at concurrency 1, with traces off (no OTEL_*: no span code is even loaded) and on (an SDK with a
 * batch processor and an exporter that drops the spans: the cost of making them, not of shipping
 * them), on memory:// (the bus alone) and Redis. Alternating pairs; medians and on/off ratios.
 */
const mail = defineMessage(
  'bench.mail',
  z.object({ to: z.email(), subject: z.string().min(1), n: z.number().int().min(0) }).strict(),
);

function bus(dsn: string, prefix: string, tracing: boolean, onHandled: () => void): Symphony {
  const app = defineApp({
    messages: [mail],
    routing: { 'bench.*': 'q' },
    queues: { q: { priorities: false } },
    handlers: [defineHandler(mail, () => onHandled())],
  });
  return createSymphony(
    app,
    defaultConfig({ defaultDsn: dsn, redisPrefix: prefix, logLevel: 'silent', tracing }),
    {
      logger: createLogger('silent'),
    },
  );
}

/** msgs/s of dispatching `messages` one by one, then of draining them at concurrency 1. */
async function run(
  dsn: string,
  tracing: boolean,
  messages: number,
): Promise<{ dispatch: number; drain: number }> {
  const handled = countdown(messages);
  const symphony = bus(dsn, freshNames('tracing', 'sym').prefix, tracing, handled.tick);
  try {
    await symphony.dispatch(mail, bodyFor(0)); // connect, load scripts
    await symphony.queues.transport('q').counts('q');
    let started = performance.now();
    for (let i = 1; i <= messages; i++) await symphony.dispatch(mail, bodyFor(i));
    const dispatch = messages / ((performance.now() - started) / 1000);
    started = performance.now();
    const consumer = dsn === 'memory://' ? undefined : symphony.consume('q', { concurrency: 1 });
    if (consumer) await handled.done;
    else while ((await symphony.flush()) > 0);
    const drain = messages / ((performance.now() - started) / 1000);
    await consumer?.close();
    await symphony.queues
      .transport('q')
      .control?.pause('q')
      .catch(() => undefined);
    return { dispatch, drain };
  } finally {
    await symphony.close();
  }
}

const dropAll: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

async function main(): Promise<void> {
  const messages = Number(process.argv[2] ?? 2000);
  const pairs = Number(process.argv[3] ?? 5);
  const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropAll)] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  const redis = await benchRedis();
  try {
    for (const [store, dsn] of [
      ['memory://', 'memory://'],
      ['redis', redis.url],
    ] as const) {
      const results = {
        off: { dispatch: [] as number[], drain: [] as number[] },
        on: { dispatch: [] as number[], drain: [] as number[] },
      };
      await run(dsn, false, Math.min(500, messages)); // warm-up
      await run(dsn, true, Math.min(500, messages));
      for (let i = 0; i < pairs; i++) {
        for (const mode of i % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
          const r = await run(dsn, mode === 'on', messages);
          results[mode].dispatch.push(r.dispatch);
          results[mode].drain.push(r.drain);
        }
      }
      for (const what of ['dispatch', 'drain'] as const) {
        const off = median(results.off[what]);
        const on = median(results.on[what]);
        console.log(
          `${store.padEnd(9)} ${what.padEnd(8)} off ${off.toFixed(0).padStart(6)} msgs/s   on ${on.toFixed(0).padStart(6)} msgs/s   on/off ${(on / off).toFixed(2)}`,
        );
      }
    }
  } finally {
    await provider.shutdown();
    await redis.stop();
  }
}

main().catch(reportBenchFailure);
