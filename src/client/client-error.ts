import { SymphonyError, type FieldIssue } from '../errors';

/** An error answer of the API (or no answer), with the server's code and field errors. */
export class SymphonyApiError extends SymphonyError {
  constructor(
    code: string,
    message: string,
    /** The HTTP status; 0 when no answer came (network error, timeout). */
    readonly status: number,
    readonly details: FieldIssue[] = [],
    /** The server's X-Request-Id, to quote when reporting a 5xx. */
    readonly requestId?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
