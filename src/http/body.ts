import express, { type RequestHandler } from 'express';
import { HttpError } from './errors';

const hasBody = (headers: Record<string, string | string[] | undefined>): boolean =>
  headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;

/**
 * JSON bodies only: a form or text body gets a clear 415 instead of being silently ignored
 * (curl -d sends a form unless told otherwise). Size and syntax errors become 413 and 400.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (hasBody(req.headers) && !req.is(['application/json', 'application/*+json'])) {
        return next(
          new HttpError(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the body as JSON with "Content-Type: application/json"',
          ),
        );
      }
      next();
    },
    express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] }),
  ];
}
