import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { errorBody, HttpError, toHttpError } from './error-mapping';
import './locals';

// The mapping itself needs no express: symphony-messenger/next and /client use it without the server.
export { errorBody, HttpError, toHttpError, type ErrorBody } from './error-mapping';

/** Last middleware: the error shape, no stack to clients, every 5xx logged with the request id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const http = toHttpError(error);
    if (http.status >= 500) {
      const err = error as Error;
      logger.error(
        { requestId: res.locals.requestId, method: req.method, path: req.path, status: http.status, err },
        'request failed',
      );
    }
    res.set(http.headers).status(http.status).json(errorBody(http));
  };
}

export const notFound: RequestHandler = (req, _res, next) =>
  next(new HttpError(404, 'NOT_FOUND', `No route for ${req.method} ${req.path}`));
