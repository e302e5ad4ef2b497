import request from 'supertest';
import { z } from 'zod';
import { defineApp, type QueueOptions } from '../../src/bus/app-definition';
import { LIMITS } from '../../src/bus/limits';
import { createSymphony, type Symphony } from '../../src/bus/symphony';
import { buildProgram } from '../../src/cli/main';
import { defaultConfig } from '../../src/config/config';
import { parseEnv } from '../../src/config/env';
import { QueueControlService } from '../../src/control/queue-control.service';
import { ConfigError, ValidationError, type FieldIssue } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { defineMessage } from '../../src/message/define-message';
import { buildOpenApi } from '../../src/http/openapi';
import { MessageCatalog } from '../../src/message/message-catalog';
import { normalizeSchedule } from '../../src/scheduler/normalize-schedule';
import { ScheduleConfigError } from '../../src/scheduler/schedule-error';
import { Worker } from '../../src/worker/worker';
import { bearer, closeHttpTestSystems, httpTestSystem } from '../helpers/http';
import { httpApp } from '../fixtures/http-app';

/**
 * Finding 6 of issue 12: every time, size and count input is bounded at every entry, with an error
 * that names the field. Each row is an entry, a value out of range, and the field it must name.
 */
const ping = defineMessage('ping.send', z.object({ n: z.number().int() }));
const YEAR_9999 = '9999-01-01T00:00:00Z';
const TOO_FAR = 8_640_000_000_000_001; // past the largest JS Date: used to run at once (a NaN delay)
const HUGE = 1e15;

const memoryBus = (queue: QueueOptions = {}): Symphony =>
  createSymphony(
    defineApp({ messages: [ping], routing: { '*': 'q' }, queues: { q: queue } }),
    defaultConfig({ defaultDsn: 'memory://' }),
    { logger: createLogger('silent') },
  );

/** The field paths an error names, whatever its kind. */
function fieldsOf(error: unknown): string[] {
  if (error instanceof ValidationError) return error.issues.map((i) => i.path);
  if (error instanceof ScheduleConfigError) return error.issues.map((i) => i.field);
  if (error instanceof ConfigError) return error.fields.map((f: FieldIssue) => f.path);
  throw error;
}

async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('accepted');
}

const opened: Symphony[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
  await closeHttpTestSystems();
});
const bus = (queue?: QueueOptions) => {
  const b = memoryBus(queue);
  opened.push(b);
  return b;
};

type Row = [entry: string, run: () => unknown, field: string];

const library: Row[] = [
  ['dispatch delay', () => bus().dispatch(ping, { n: 1 }, { delay: HUGE }), 'options.delay'],
  [
    'dispatch availableAt past Date',
    () => bus().dispatch(ping, { n: 1 }, { availableAt: TOO_FAR }),
    'options.availableAt',
  ],
  [
    'dispatch availableAt year 9999',
    () => bus().dispatch(ping, { n: 1 }, { availableAt: YEAR_9999 }),
    'options.availableAt',
  ],
  [
    'dispatch availableAt invalid Date',
    () => bus().dispatch(ping, { n: 1 }, { availableAt: new Date(NaN) }),
    'options.availableAt',
  ],
  [
    'dispatch windowMs',
    () => bus().dispatch(ping, { n: 1 }, { idempotencyKey: 'k', idempotencyMode: 'window', windowMs: HUGE }),
    'options.windowMs',
  ],
  [
    'dispatch headers count',
    () =>
      bus().dispatch(
        ping,
        { n: 1 },
        { headers: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`h${i}`, 'v'])) },
      ),
    'options.headers',
  ],
  [
    'dispatch correlationId size',
    () => bus().dispatch(ping, { n: 1 }, { correlationId: 'x'.repeat(513) }),
    'options.correlationId',
  ],
  [
    'dispatchBatch item delay',
    () => bus().dispatchBatch([{ type: ping, body: { n: 1 }, options: { delay: HUGE } }]),
    '0.options.delay',
  ],
  [
    'dispatchBatch size',
    () =>
      bus().dispatchBatch(
        Array.from({ length: LIMITS.maxLibraryBatch + 1 }, () => ({ type: ping, body: { n: 1 } })),
      ),
    'items',
  ],
  [
    'defineSchedule every 1 ms',
    () => normalizeSchedule({ id: 's', message: 'ping.send', body: {}, every: 1 }),
    'every',
  ],
  [
    'defineSchedule at year 9999',
    () => normalizeSchedule({ id: 's', message: 'ping.send', body: {}, at: YEAR_9999 }),
    'at',
  ],
  [
    'defineSchedule limit',
    () => normalizeSchedule({ id: 's', message: 'ping.send', body: {}, every: 60_000, limit: 1e10 }),
    'limit',
  ],
  [
    'defineSchedule startDate',
    () => normalizeSchedule({ id: 's', message: 'ping.send', body: {}, every: 60_000, startDate: TOO_FAR }),
    'startDate',
  ],
  ['queue concurrency', () => bus({ concurrency: HUGE }), 'queues.q.concurrency'],
  [
    'queue rateLimit max',
    () => bus({ rateLimit: { max: HUGE, durationMs: 1000 } }),
    'queues.q.rateLimit.max',
  ],
  [
    'queue rateLimit window',
    () => bus({ rateLimit: { max: 10, durationMs: HUGE } }),
    'queues.q.rateLimit.durationMs',
  ],
  ['queue retry delay', () => bus({ retry: { delay: HUGE } }), 'queues.q.retry.delay'],
  ['queue retry count', () => bus({ retry: { maxRetries: 1e6 } }), 'queues.q.retry.maxRetries'],
  ['queue aging', () => bus({ aging: { afterMs: HUGE } }), 'queues.q.aging.afterMs'],
  [
    'queue:set concurrency',
    () => new QueueControlService(bus()).set('q', { concurrency: HUGE }),
    'concurrency',
  ],
  [
    'queue:set rate limit',
    () => new QueueControlService(bus()).set('q', { rateLimit: { max: 10, durationMs: HUGE } }),
    'rateLimit.durationMs',
  ],
  [
    'worker concurrency',
    () => new Worker(bus(), { queues: ['q'], concurrency: HUGE, shutdownTimeoutSeconds: 1 }),
    'concurrency',
  ],
  [
    'worker limit',
    () => new Worker(bus(), { queues: ['q'], limit: HUGE, shutdownTimeoutSeconds: 1 }),
    'limit',
  ],
  [
    'worker time limit past the timer range',
    () => new Worker(bus(), { queues: ['q'], timeLimitSeconds: 2_200_000, shutdownTimeoutSeconds: 1 }),
    'timeLimitSeconds',
  ],
  [
    'worker memory limit',
    () => new Worker(bus(), { queues: ['q'], memoryLimitMb: 1, shutdownTimeoutSeconds: 1 }),
    'memoryLimitMb',
  ],
  [
    'worker shutdown budget',
    () => new Worker(bus(), { queues: ['q'], shutdownTimeoutSeconds: HUGE }),
    'shutdownTimeoutSeconds',
  ],
  [
    'env store timeout',
    () => parseEnv({ SYMPHONY_STORE_TIMEOUT_MS: String(HUGE) }),
    'SYMPHONY_STORE_TIMEOUT_MS',
  ],
  ['env lock duration', () => parseEnv({ SYMPHONY_LOCK_DURATION_MS: '0' }), 'SYMPHONY_LOCK_DURATION_MS'],
];

describe('bounds from code and the environment', () => {
  it.each(library)('%s: refused, naming the field', async (_entry, run, field) => {
    expect(fieldsOf(await failure(run))).toContain(field);
  });
});

const cli: [entry: string, args: string[], flag: string][] = [
  ['worker --concurrency', ['worker', '--concurrency', '1e15'], '--concurrency'],
  ['worker --limit', ['worker', '--limit', '1e15'], '--limit'],
  ['worker --time-limit', ['worker', '--time-limit', '2200000'], '--time-limit'],
  ['worker --memory-limit', ['worker', '--memory-limit', '1'], '--memory-limit'],
  ['worker --shutdown-timeout', ['worker', '--shutdown-timeout', '1e9'], '--shutdown-timeout'],
  ['dispatch --delay', ['dispatch', 'ping.send', '{}', '--delay', '1e15'], '--delay'],
  ['dispatch --window-ms', ['dispatch', 'ping.send', '{}', '--window-ms', '1e15'], '--window-ms'],
  ['schedule:add --every', ['schedule:add', 's', 'ping.send', '{}', '--every', '1'], '--every'],
  ['queue:set --concurrency', ['queue:set', 'q', '--concurrency', '1e15'], '--concurrency'],
];

describe('bounds of CLI flags', () => {
  it.each(cli)('%s: refused before anything runs, naming the flag', async (_entry, args, flag) => {
    let stderr = '';
    const program = buildProgram().configureOutput({
      writeErr: (text) => (stderr += text),
      writeOut: () => undefined,
    });
    for (const command of program.commands) command.configureOutput({ writeErr: (text) => (stderr += text) });
    await expect(program.parseAsync(['node', 'symphony', ...args])).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    expect(stderr).toContain(flag);
    expect(stderr).toMatch(/expected a whole number from/);
  });
});

const admin = bearer('admin');
const http: [entry: string, send: (api: request.Agent) => request.Test, field: string][] = [
  [
    'POST /dispatch delay',
    (api) =>
      api
        .post('/api/symphony/dispatch')
        .send({ type: 'tick.count', body: { n: 1 }, options: { delay: HUGE } }),
    'options.delay',
  ],
  [
    'POST /dispatch availableAt',
    (api) =>
      api
        .post('/api/symphony/dispatch')
        .send({ type: 'tick.count', body: { n: 1 }, options: { availableAt: TOO_FAR } }),
    'options.availableAt',
  ],
  [
    'POST /dispatch/batch availableAt',
    (api) =>
      api
        .post('/api/symphony/dispatch/batch')
        .send({ messages: [{ type: 'tick.count', body: { n: 1 }, options: { availableAt: YEAR_9999 } }] }),
    'messages.0.options.availableAt',
  ],
  [
    'PATCH /queues concurrency',
    (api) => api.patch('/api/symphony/queues/mail').send({ concurrency: HUGE }),
    'concurrency',
  ],
  [
    'PATCH /queues rate limit',
    (api) => api.patch('/api/symphony/queues/mail').send({ rateLimit: { max: HUGE, durationMs: 1000 } }),
    'rateLimit.max',
  ],
  [
    'PUT /schedules every',
    (api) => api.put('/api/symphony/schedules/s').send({ type: 'tick.count', body: { n: 1 }, every: 1 }),
    'every',
  ],
  [
    'PUT /schedules at',
    (api) => api.put('/api/symphony/schedules/s').send({ type: 'tick.count', body: { n: 1 }, at: YEAR_9999 }),
    'at',
  ],
  ['POST /consume limit', (api) => api.post('/api/symphony/consume').send({ limit: HUGE }), 'limit'],
  ['GET /failed offset', (api) => api.get('/api/symphony/failed?offset=1e15'), 'query.offset'],
];

describe('bounds of HTTP bodies and query parameters', () => {
  it.each(http)('%s: 400 naming the field', async (_entry, send, field) => {
    const { http: server } = httpTestSystem(httpApp());
    const res = await send(request.agent(server.app).set(admin));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });
});

describe('the OpenAPI document', () => {
  it('states the bounds, since it is generated from the same schemas', () => {
    const doc = buildOpenApi(new MessageCatalog([])) as { components: { schemas: unknown } };
    expect(doc.components.schemas).toMatchObject({
      DispatchRequest: { properties: { options: { properties: { delay: { maximum: LIMITS.maxDelayMs } } } } },
      QueuePatch: {
        properties: { concurrency: { anyOf: [{ maximum: LIMITS.maxConcurrency }, { type: 'null' }] } },
      },
      SchedulePut: { properties: { every: { minimum: LIMITS.minEveryMs, maximum: LIMITS.maxDelayMs } } },
    });
  });
});
