import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';
import { TRACER_NAME } from './message-spans';

const routeOf = (req: Request): string => (req.route ? `${req.baseUrl}${String(req.route.path)}` : req.path);

/**
 * A server span per API request, continuing a caller's traceparent, so a trace runs from the HTTP
 * request to the handler. Without an HTTP instrumentation of its own: monkey-patching `http` needs
 * to run before express loads, which bundlers and serverless hosts do not allow. If one is
 * installed anyway (its span is active), this adds nothing.
 */
export function traceRequests(): RequestHandler {
  return (req, res, next) => {
    if (trace.getActiveSpan()) return next();
    const parent = propagation.extract(context.active(), req.headers);
    const span = trace.getTracer(TRACER_NAME).startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'url.path': req.path },
      },
      parent,
    );
    res.once('finish', () => {
      const route = routeOf(req);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const active = trace.setSpan(parent, span);
    // the body arrives in events of the socket: bound, they run in the request's context too
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
