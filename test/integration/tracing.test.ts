import request from 'supertest';
import { SpanKind } from '@opentelemetry/api';
import path from 'node:path';
import { eventually, redisUrl } from '../helpers/bus';
import { startOtlpSink } from '../helpers/otlp-sink';
import { killStrayProcesses, startCli } from '../fixtures/cli-process';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { inMemoryTracing, parentOf, type InMemoryTracing } from '../helpers/tracing';
import { httpApp } from '../fixtures/http-app';

const CALLER_SPAN = 'b7ad6b7169203331';
let tracing: InMemoryTracing;

/** Span ids from a span's parent up to the root; complete once every ancestor has ended (is exported). */
function ancestorsOf(span: ReadableSpan): { ids: string[]; complete: boolean } {
  const all = new Map(tracing.spans().map((s) => [s.spanContext().spanId, s]));
  const ids: string[] = [];
  for (let at = parentOf(span); at; at = parentOf(all.get(at)!)) {
    ids.push(at);
    if (!all.has(at)) return { ids, complete: at === CALLER_SPAN };
  }
  return { ids, complete: true };
}
beforeAll(() => (tracing = inMemoryTracing()));
afterAll(() => tracing.shutdown());
afterEach(closeHttpTestSystems);

describe('traces from the HTTP request to the handler, across a real Redis', () => {
  it('HTTP dispatch -> dispatch span -> handle span, one trace id, the context carried in the envelope headers', async () => {
    const state = { handled: [] as string[] };
    const { symphony, http } = httpTestSystem(httpApp(state), { config: { tracing: true } });
    const consumer = symphony.consume('ticks');
    await consumer.ready();

    const caller = `00-0af7651916cd43dd8448eb211c80319c-${CALLER_SPAN}-01`;
    const res = await request(http.app)
      .post('/api/symphony/dispatch')
      .set(bearer('dispatcher'))
      .set('traceparent', caller)
      .send({ type: 'tick.count', body: { n: 7 } })
      .expect(202);
    const id: string = res.body.id;
    const byName = (name: string) =>
      tracing.spans().filter((s) => s.name === name && s.instrumentationScope.name === 'symphony-messenger');
    const [handle] = await eventually(
      () => byName('handle tick.count'),
      (found) => found.length === 1,
    );
    await consumer.close();

    const [server] = byName('POST /api/symphony/dispatch');
    const [send] = byName('dispatch tick.count');
    expect(server!.kind).toBe(SpanKind.SERVER);
    expect(send!.kind).toBe(SpanKind.PRODUCER);
    expect(handle!.kind).toBe(SpanKind.CONSUMER);
    // one trace, continued from the caller's traceparent
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    for (const span of [server, send, handle]) expect(span!.spanContext().traceId).toBe(traceId);
    expect(parentOf(server!)).toBe(CALLER_SPAN);
    expect(parentOf(send!)).toBe(server!.spanContext().spanId);
    expect(send!.attributes).toMatchObject({
      'messaging.message.id': id,
      'symphony.message.type': 'tick.count',
    });
    expect(handle!.attributes).toMatchObject({ 'messaging.message.id': id, 'symphony.outcome': 'handled' });

    // the handle span descends from the dispatch span: directly (headers), or through BullMQ's own
    // consumer span (bullmq-otel), itself a descendant of the dispatch span
    const ancestors = await eventually(
      () => ancestorsOf(handle!),
      (chain) => chain.complete,
    );
    expect(ancestors.ids).toContain(send!.spanContext().spanId);
    // BullMQ's spans are in the same trace
    const bullmq = tracing
      .spans()
      .filter((s) => s.instrumentationScope.name === 'bullmq' && s.spanContext().traceId === traceId);
    expect(bullmq.map((s) => s.kind)).toEqual(expect.arrayContaining([SpanKind.PRODUCER, SpanKind.CONSUMER]));

    // the W3C context travelled in the stored envelope's headers
    const stored = await symphony.queues.transport('ticks').messages!.get('ticks', id);
    expect(stored?.envelope.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(state.handled).toEqual(['tick:7']);
  });

  it('marks a failed handling on its span', async () => {
    const { symphony } = httpTestSystem(httpApp(), { config: { tracing: true } });
    const consumer = symphony.consume('mail');
    await symphony.dispatch('mail.send', { to: 'a@example.com', subject: 'x', fail: true });
    const [failed] = await eventually(
      () => tracing.spans().filter((s) => s.name === 'handle mail.send'),
      (found) => found.length === 1,
    );
    await consumer.close();
    expect(failed!.attributes['symphony.outcome']).toBe('failed');
    expect(failed!.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(failed!.events.map((e) => e.name)).toContain('exception');
  });

  it('across processes: a `symphony worker` with OTEL_* set continues the trace and exports its spans', async () => {
    const sink = await startOtlpSink();
    try {
      const { symphony, http } = httpTestSystem(httpApp(), { config: { tracing: true } });
      const worker = startCli(['worker', '--queues', 'ticks'], {
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: symphony.config.redisPrefix,
        SYMPHONY_APP: path.resolve(__dirname, '../fixtures/http-app.ts'),
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'symphony-worker-test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      });
      await worker.waitForLog((l) => l.msg === 'worker started');
      const res = await request(http.app)
        .post('/api/symphony/dispatch')
        .set(bearer('dispatcher'))
        .send({ type: 'tick.count', body: { n: 9 } })
        .expect(202);
      const [send] = tracing
        .spans()
        .filter(
          (s) => s.name === 'dispatch tick.count' && s.attributes['messaging.message.id'] === res.body.id,
        );
      const traceId = send!.spanContext().traceId;
      const handle = await eventually(
        () => sink.spans.find((s) => s.name === 'handle tick.count' && s.traceId === traceId),
        Boolean,
      );
      expect(handle!.service).toBe('symphony-worker-test');
      // up the worker's spans (BullMQ's process span, if any) to the dispatch span of this process;
      // an enclosing span ends after the handle span and may come in a later export batch
      const local = await eventually(() => {
        const exported = new Map(sink.spans.map((s) => [s.spanId, s]));
        let parent = handle!.parentSpanId;
        while (parent && exported.has(parent)) parent = exported.get(parent)!.parentSpanId;
        return tracing.spans().find((s) => s.spanContext().spanId === parent);
      }, Boolean);
      expect(local).toBeDefined();
      const chain: string[] = [];
      for (
        let at: ReadableSpan | undefined = local;
        at;
        at = tracing.spans().find((s) => s.spanContext().spanId === parentOf(at!))
      )
        chain.push(at.name);
      expect(chain).toContain('dispatch tick.count');
      expect(chain).toContain('POST /api/symphony/dispatch');
      worker.child.kill('SIGTERM');
      expect(await worker.waitForExit(30_000)).toEqual({ code: 0, signal: null });
    } finally {
      await killStrayProcesses();
      await sink.close();
    }
  });
});
