import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import './locals';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// A caller's id is kept only when it is harmless to echo into headers and logs.
const SAFE_ID = /^[\w.:-]{1,128}$/;

/** First middleware: every response, errors included, carries the id that its log lines carry. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}
