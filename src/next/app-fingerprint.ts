import { z } from 'zod';
import type { AppDefinition } from '../bus/app-definition';

const cache = new WeakMap<AppDefinition, string>();

/**
 * What a producer's bus depends on, as text: message types with their schemas, routing and queue
 * options. Two evaluations of one unchanged module give the same text; an edited schema does not.
 */
export function appFingerprint(app: AppDefinition): string {
  let fingerprint = cache.get(app);
  if (fingerprint === undefined) {
    fingerprint = JSON.stringify({
      messages: app.messages.map((m) => [m.type, schemaText(m.schema), m.options]),
      routing: app.routing,
      queues: app.queues ?? {},
      handlers: (app.handlers ?? []).map((h) => [h.type, h.name]),
    });
    cache.set(app, fingerprint);
  }
  return fingerprint;
}

function schemaText(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any' });
  } catch {
    return null; // a schema JSON Schema cannot express: its type alone tells the apps apart
  }
}
