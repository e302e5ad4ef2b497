import { z } from 'zod';
import { ConfigError, type FieldIssue } from '../errors';
import type { AppDefinition } from './app-definition';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isFunction = (v: unknown): boolean => typeof v === 'function';

const messageDefinition = z.custom(
  (v) => isObject(v) && typeof v.type === 'string' && isObject(v.schema) && isFunction(v.schema.safeParse),
  'expected a message made with defineMessage(type, zodSchema)',
);
const handler = z.custom(
  (v) => isObject(v) && typeof v.type === 'string' && isFunction(v.handle),
  'expected a handler made with defineHandler(message, fn)',
);
const middleware = z.array(z.custom(isFunction, 'expected a middleware function'));
const positiveInt = z.number().int().positive();

// Loose objects: fields added later are checked where they are used, never refused here.
const queueOptions = z.looseObject({
  dsn: z.string().min(1).optional(),
  concurrency: positiveInt.optional(),
  retry: z.looseObject({}).optional(),
  priorities: z.boolean().optional(),
  priorityQueues: z.record(z.string(), z.string().min(1)).optional(),
});

const appSchema = z.looseObject({
  messages: z.array(messageDefinition),
  routing: z.record(z.string(), z.string().min(1)),
  queues: z.record(z.string(), queueOptions).optional(),
  handlers: z.array(handler).optional(),
  middleware: z.looseObject({ dispatch: middleware.optional(), handle: middleware.optional() }).optional(),
  schedules: z.array(z.custom(isObject, 'expected a schedule made with defineSchedule()')).optional(),
});

const configSchema = z.looseObject({
  environment: z.enum(['development', 'production', 'test']),
  defaultDsn: z.string().min(1),
  redisPrefix: z.string().min(1),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  lockDurationMs: positiveInt,
  stalledIntervalMs: positiveInt,
  retention: z.looseObject({ completedCount: z.number().int().min(0), failedAgeSeconds: positiveInt }),
});

/**
 * createSymphony's input, field by field: a wrong shape (say, a module namespace where its default
 * export was meant) is a ConfigError naming each field, not a TypeError deep inside the bus.
 */
export function checkSymphonyInput(app: unknown, config: unknown): void {
  const fields = [...issuesOf(appSchema, app, 'app'), ...issuesOf(configSchema, config, 'config')];
  if (fields.length > 0) throw invalid('Invalid createSymphony(app, config)', app, fields);
}

/** The export of an app module, checked like createSymphony's `app`. */
export function checkAppDefinition(app: unknown, file: string): AppDefinition {
  const fields = issuesOf(appSchema, app, 'app');
  if (fields.length > 0) throw invalid(`Invalid app in ${file}`, app, fields);
  return app as AppDefinition;
}

function issuesOf(schema: z.ZodType, value: unknown, root: string): FieldIssue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function invalid(message: string, app: unknown, fields: FieldIssue[]): ConfigError {
  const namespace = isObject(app) && isObject(app.default) && 'messages' in app.default;
  const hint = namespace ? ' (app is a module namespace: pass its default export)' : '';
  const config = fields.some((f) => f.path.startsWith('config'))
    ? ' (build config with configFromEnv() or defaultConfig({ … }))'
    : '';
  return new ConfigError(
    `${message}${hint}${config}: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
    { fields },
  );
}
