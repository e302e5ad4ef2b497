/**
 * What every operation of the OpenAPI document gets by construction, so a route added later has it
 * too: an operationId (generated clients name their methods after it) and its 4xx answers.
 */

type JsonSchema = Record<string, unknown>;

export interface OperationShape {
  method: string;
  path: string;
  permission?: string;
  body?: unknown;
  query?: unknown;
}

/** `post /api/symphony/failed/{id}/retry` -> `postFailedByIdRetry`; unique as method + path are. */
export function operationIdOf({ method, path }: OperationShape): string {
  const words = path
    .replace(/^\/api(\/symphony)?(?=\/)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      return param ? ['by', param[1]!] : segment.split(/[^A-Za-z0-9]+/);
    });
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The 4xx answers an operation can give, from what it takes and who may call it. */
export function clientErrorsOf(op: OperationShape, error: JsonSchema): Record<string, JsonSchema> {
  const answer = (description: string, headers?: JsonSchema) => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: error } },
  });
  const hasPathParams = /\{\w+\}/.test(op.path);
  const out: Record<string, JsonSchema> = {};
  if (op.body !== undefined || op.query !== undefined || hasPathParams) {
    out[400] = answer(
      'Invalid input: VALIDATION_FAILED (each field in `details`), MALFORMED_JSON, MALFORMED_PATH, …',
    );
  }
  if (op.permission) {
    out[401] = answer('UNAUTHORIZED: no bearer token, or not one of the configured tokens', {
      'WWW-Authenticate': { schema: { type: 'string' } },
    });
    out[403] = answer("FORBIDDEN: the token's role may not call this route");
  }
  if (hasPathParams) out[404] = answer('Nothing with this id (…_NOT_FOUND)');
  if (op.permission === 'dispatch') {
    out[429] = answer('RATE_LIMITED: too many dispatch requests for this token; retry after Retry-After', {
      'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
    });
  }
  return out;
}
