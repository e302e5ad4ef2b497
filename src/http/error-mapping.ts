import { SymphonyError, ValidationError, type FieldIssue } from '../errors';

/** The one error shape of the API. */
export interface ErrorBody {
  error: { code: string; message: string; details?: FieldIssue[] };
}

/** An error that knows its HTTP status; anything else is mapped by `toHttpError`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  UNKNOWN_TYPE: 400,
  UNROUTABLE: 400,
  FAILED_NOT_FOUND: 404,
  MESSAGE_NOT_FOUND: 404,
  SCHEDULE_NOT_FOUND: 404,
  CAMPAIGN_NOT_FOUND: 404,
  CONTACT_NOT_FOUND: 404,
  // The queue's transport cannot do this (e.g. sync:// keeps no failed messages): a conflict with
  // the queue's configuration, not a server fault.
  FAILED_STORE_UNAVAILABLE: 409,
  UNSUPPORTED: 409,
  // The message's state does not allow the action (e.g. promoting one that is not delayed).
  MESSAGE_STATE_CONFLICT: 409,
  TRANSPORT_FAILED: 503,
  TRANSPORT_UNAVAILABLE: 503,
  DB_UNREACHABLE: 503,
};

// body-parser's error types (from express.json) -> our codes.
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'MALFORMED_JSON', 'The request body is not valid JSON (an object or array)'],
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the limit'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported charset; send UTF-8'],
  'request.aborted': [400, 'REQUEST_ABORTED', 'The request was aborted before its body arrived'],
  'request.size.invalid': [400, 'BAD_REQUEST', 'The body size does not match Content-Length'],
};

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ValidationError) {
    return new HttpError(400, error.code, error.message, error.issues);
  }
  if (error instanceof URIError) {
    // express decodes path parameters while matching a route; a bad escape throws before any handler runs
    return new HttpError(
      400,
      'MALFORMED_PATH',
      'A path parameter is not valid percent-encoding (a lone "%" or an escape that is not UTF-8): encode it with encodeURIComponent',
    );
  }
  if (error instanceof SymphonyError) {
    // Symphony messages are written for users; codes without a mapping are still reported as is.
    const status = STATUS_BY_CODE[error.code] ?? 500;
    return new HttpError(
      status,
      error.code,
      error.message,
      undefined,
      status === 503 ? retryAfter(error) : {},
    );
  }
  const type = (error as { type?: unknown })?.type;
  const body = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (body) return new HttpError(body[0], body[1], body[2]);
  return new HttpError(500, 'INTERNAL', 'Internal error; quote the X-Request-Id header when reporting it');
}

export function errorBody(error: HttpError): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details?.length) body.error.details = error.details;
  return body;
}

/** A store that did not answer: when to ask again (the error's own estimate, else a few seconds). */
function retryAfter(error: SymphonyError): Record<string, string> {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return { 'Retry-After': String(typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 5) };
}
