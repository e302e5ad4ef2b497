import { SymphonyError } from '../errors';
import { errorBody, toHttpError, type ErrorBody } from '../http/error-mapping';

/**
 * A Symphony error as the HTTP answer a route handler returns: 400 with the field errors for bad
 * input, 503 with Retry-After when the store does not answer, the API's `{error: {code, message,
 * details?}}` body. Anything else is rethrown, for Next.js to report as it does any failure.
 */
export function toErrorResponse(error: unknown): Response {
  const { status, body, headers } = describeError(error);
  return Response.json(body, { status, headers });
}

/** The same as data, for a server action to return: `{ status, body }`. */
export function describeError(error: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  if (!(error instanceof SymphonyError)) throw error;
  const http = toHttpError(error);
  return { status: http.status, body: errorBody(http), headers: http.headers };
}
