import { z } from 'zod';
import type { MessageCatalog } from '../message/message-catalog';
import { failedBulkBody, failedBulkQuery, failedIdQuery, failedListQuery } from './failed-schemas';
import { SchemaComponents } from './json-schema';
import { clientErrorsOf, operationIdOf } from './openapi-conventions';
import {
  messageActionResult,
  messageDetail,
  messageIdQuery,
  messagePage,
  messageSearchQuery,
} from './message-schemas';
import { alertsReport } from './routes/alerts.routes';
import { flagPut } from './routes/flags.routes';
import { campaignProgressSchema, smsOptOutBody, smsOptOutResult } from './routes/campaigns.routes';
import { SMS_WEBHOOK_PATH, twilioInboundForm } from './routes/sms-webhook.routes';
import { schedulePut } from './schedule-schemas';
import { rolesWith, type Permission } from './permissions';
import {
  batchRequest,
  batchResult,
  consumeRequest,
  consumeResult,
  dispatchRequest,
  dispatchResult,
  errorResponse,
  queuePatch,
} from './schemas';

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** Absent: public. */
  permission?: Permission;
  body?: Record<string, unknown>;
  query?: z.ZodType;
  status?: number;
  response?: Record<string, unknown>;
  /** Other answers besides `status` and the error default: the same body as `status`, or the error shape. */
  also?: Record<number, { description: string; error?: boolean }>;
  /** Cron routes also take CRON_SECRET. */
  cron?: boolean;
  /** The body is form-encoded (a Twilio webhook), not JSON. */
  form?: boolean;
  /** The success answer's media type when it is not JSON (its body a string). */
  produces?: string;
}

/** The version of this HTTP contract (not of the package): bumped on breaking changes. */
export const API_VERSION = '1.0.0';

const json = (schema: Record<string, unknown>) => ({ content: { 'application/json': { schema } } });
const form = (schema: Record<string, unknown>) => ({
  content: { 'application/x-www-form-urlencoded': { schema } },
});
const anyObject = { type: 'object' };

/**
 * The OpenAPI 3.1 document, built from the zod schemas the routes validate with (plus one body
 * schema per message type of the app), so it cannot drift from what the server accepts.
 */
export function buildOpenApi(catalog: MessageCatalog): Record<string, unknown> {
  const c = new SchemaComponents();
  const error = c.ref(errorResponse);
  const typed = typedDispatch(c, catalog);
  const operations: Operation[] = [
    {
      method: 'post',
      path: '/api/symphony/dispatch',
      summary: 'Dispatch one message',
      permission: 'dispatch',
      body: { allOf: [c.ref(dispatchRequest), typed] },
      status: 202,
      response: c.ref(dispatchResult),
    },
    {
      method: 'post',
      path: '/api/symphony/dispatch/batch',
      summary: 'Dispatch up to 1,000 messages, all or none',
      permission: 'dispatch',
      body: c.ref(batchRequest),
      status: 202,
      response: c.ref(batchResult),
    },
    {
      method: 'post',
      path: '/api/symphony/consume',
      summary: 'Handle ready messages within a limit and a time budget',
      permission: 'consume',
      body: c.ref(consumeRequest),
      response: c.ref(consumeResult),
    },
    {
      method: 'get',
      path: '/api/symphony/status',
      summary: 'Per-queue counts, runtime settings, workers, throughput',
      permission: 'status',
    },
    {
      method: 'get',
      path: '/api/symphony/failed',
      summary: 'List failed messages, newest first',
      permission: 'read',
      query: failedListQuery,
    },
    {
      method: 'get',
      path: '/api/symphony/failed/{id}',
      summary: 'Show one failed message',
      permission: 'read',
      query: failedIdQuery,
    },
    {
      method: 'post',
      path: '/api/symphony/failed/{id}/retry',
      summary: 'Retry one failed message',
      permission: 'manage',
      query: failedIdQuery,
    },
    {
      method: 'delete',
      path: '/api/symphony/failed/{id}',
      summary: 'Remove one failed message',
      permission: 'manage',
      query: failedIdQuery,
    },
    {
      method: 'post',
      path: '/api/symphony/failed/retry',
      summary: 'Retry failed messages by filter',
      permission: 'manage',
      body: c.ref(failedBulkBody),
    },
    {
      method: 'delete',
      path: '/api/symphony/failed',
      summary: 'Remove failed messages by filter',
      permission: 'manage',
      query: failedBulkQuery,
    },
    {
      method: 'get',
      path: '/api/symphony/messages',
      summary: 'Search messages across queues and states (a page, with a cursor to continue)',
      permission: 'read',
      query: messageSearchQuery,
      response: c.ref(messagePage),
    },
    {
      method: 'get',
      path: '/api/symphony/messages/{id}',
      summary: 'One message: envelope, attempts, timeline, allowed actions',
      permission: 'read',
      query: messageIdQuery,
      response: c.ref(messageDetail),
    },
    {
      method: 'post',
      path: '/api/symphony/messages/{id}/retry',
      summary: 'Retry a failed message',
      permission: 'manage',
      query: messageIdQuery,
      response: c.ref(messageActionResult),
    },
    {
      method: 'post',
      path: '/api/symphony/messages/{id}/promote',
      summary: 'Make a delayed message available now',
      permission: 'manage',
      query: messageIdQuery,
      response: c.ref(messageActionResult),
    },
    {
      method: 'delete',
      path: '/api/symphony/messages/{id}',
      summary: 'Remove a message in any state but active',
      permission: 'manage',
      query: messageIdQuery,
      response: c.ref(messageActionResult),
    },
    {
      method: 'get',
      path: '/api/symphony/schedules',
      summary: 'Every schedule with its next runs',
      permission: 'read',
    },
    {
      method: 'put',
      path: '/api/symphony/schedules/{id}',
      summary: 'Create (201) or replace (200) a runtime schedule',
      permission: 'manage',
      body: c.ref(schedulePut),
      also: { 201: { description: 'Created' } },
    },
    {
      method: 'delete',
      path: '/api/symphony/schedules/{id}',
      summary: 'Remove a schedule',
      permission: 'manage',
    },
    {
      method: 'post',
      path: '/api/symphony/schedules/{id}/run',
      summary: 'Dispatch one run now',
      permission: 'manage',
      status: 202,
      response: c.ref(dispatchResult),
    },
    {
      method: 'post',
      path: '/api/symphony/queues/{name}/pause',
      summary: 'Pause a queue for every worker',
      permission: 'manage',
    },
    {
      method: 'post',
      path: '/api/symphony/queues/{name}/resume',
      summary: 'Resume a queue',
      permission: 'manage',
    },
    {
      method: 'patch',
      path: '/api/symphony/queues/{name}',
      summary: 'Set global concurrency and rate limit',
      permission: 'manage',
      body: c.ref(queuePatch),
    },
    {
      method: 'get',
      path: '/api/symphony/flags',
      summary: 'Migration flags of the legacy jobs',
      permission: 'read',
    },
    {
      method: 'put',
      path: '/api/symphony/flags/{job}',
      summary: 'Switch a legacy job to legacy, symphony or shadow',
      permission: 'manage',
      body: c.ref(flagPut),
    },
    {
      method: 'get',
      path: '/api/symphony/campaigns/{id}',
      summary: 'Progress of a campaign: dispatched, in flight, sent, failed, skipped, pending',
      permission: 'status',
      response: c.ref(campaignProgressSchema, 'CampaignProgress'),
    },
    {
      method: 'post',
      path: '/api/symphony/sms/opt-out',
      summary: "Opt a number out of SMS: its contact's drips send no later step",
      permission: 'manage',
      body: c.ref(smsOptOutBody),
      response: c.ref(smsOptOutResult, 'SmsOptOutResult'),
      also: { 404: { description: 'CONTACT_NOT_FOUND: no contact has this number', error: true } },
    },
    {
      method: 'post',
      path: SMS_WEBHOOK_PATH,
      summary: 'Twilio inbound SMS webhook: STOP opts the sender out, START back in (X-Twilio-Signature)',
      body: c.ref(twilioInboundForm),
      form: true,
      produces: 'text/xml',
      also: {
        403: { description: 'BAD_SIGNATURE: X-Twilio-Signature does not match', error: true },
        503: { description: 'WEBHOOK_NOT_CONFIGURED: no TWILIO_AUTH_TOKEN in production', error: true },
      },
    },
    {
      method: 'get',
      path: '/api/symphony/alerts',
      summary: 'Alert rules and their state (firing, pending, ok, unknown)',
      permission: 'read',
      response: c.ref(alertsReport),
    },
    { method: 'get', path: '/api/symphony/openapi.json', summary: 'This document', permission: 'docs' },
    {
      method: 'get',
      path: '/api/cron/symphony-worker',
      summary: 'Cron: one consume pass',
      permission: 'consume',
      cron: true,
    },
    {
      method: 'post',
      path: '/api/cron/symphony-worker',
      summary: 'Cron: one consume pass',
      permission: 'consume',
      cron: true,
    },
    {
      method: 'get',
      path: '/api/cron/symphony-scheduler',
      summary: 'Cron: sync schedules',
      permission: 'sync-schedules',
      cron: true,
    },
    {
      method: 'post',
      path: '/api/cron/symphony-scheduler',
      summary: 'Cron: sync schedules',
      permission: 'sync-schedules',
      cron: true,
    },
    { method: 'get', path: '/healthz', summary: 'The process is alive' },
    {
      method: 'get',
      path: '/readyz',
      summary: 'Every transport answers and SQL schemas are current',
      status: 200,
      also: { 503: { description: 'NOT_READY: the transports and reasons that are not ready', error: true } },
    },
    { method: 'get', path: '/metrics', summary: 'Prometheus metrics', permission: 'metrics' },
  ];
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    (paths[op.path] ??= {})[op.method] = operation(op, c, error);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Symphony Messenger HTTP API',
      version: API_VERSION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // relative: the server that serves this document (GET /api/symphony/openapi.json)
    servers: [{ url: '/', description: 'This Symphony server' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: c.schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A token from SYMPHONY_*_TOKENS' },
      },
    },
  };
}

function operation(
  op: Operation,
  c: SchemaComponents,
  error: Record<string, unknown>,
): Record<string, unknown> {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const roles = op.permission ? rolesWith(op.permission) : [];
  return {
    operationId: operationIdOf(op),
    summary: op.summary,
    ...(op.permission
      ? { 'x-symphony-roles': op.cron ? [...roles, 'CRON_SECRET'] : roles }
      : { security: [] }),
    parameters: [...pathParams, ...(op.query ? c.parameters(op.query) : [])],
    ...(op.body ? { requestBody: { required: true, ...(op.form ? form(op.body) : json(op.body)) } } : {}),
    responses: {
      [op.status ?? 200]: {
        description: 'Success',
        ...(op.produces
          ? { content: { [op.produces]: { schema: { type: 'string' } } } }
          : json(op.response ?? anyObject)),
      },
      ...clientErrorsOf(op, error),
      ...Object.fromEntries(
        Object.entries(op.also ?? {}).map(([status, a]) => [
          status,
          { description: a.description, ...json(a.error ? error : (op.response ?? anyObject)) },
        ]),
      ),
      default: { description: 'Error: {error: {code, message, details?}}', ...json(error) },
    },
  };
}

/** One variant per message type: `type` picks the body schema (`payload` is body's deprecated name). */
function typedDispatch(c: SchemaComponents, catalog: MessageCatalog): Record<string, unknown> {
  const variants = catalog.all().map((d) => ({
    properties: { type: { const: d.type }, body: c.ref(d.schema, `Body.${d.type}`) },
    required: ['type'],
  }));
  return variants.length ? { oneOf: variants } : {};
}
