import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import type { DispatchMiddleware, HandleMiddleware } from '../bus/middleware';
import type { Envelope } from '../message/envelope';
import { willRetry } from '../retry/retry-decision';

/** The instrumentation scope every Symphony span carries. */
export const TRACER_NAME = 'symphony-messenger';

const tracer = () => trace.getTracer(TRACER_NAME);

/** OpenTelemetry's messaging conventions, plus the message type. */
function attributesOf(envelope: Envelope, operation: 'send' | 'process'): Attributes {
  return {
    'messaging.system': 'symphony',
    'messaging.operation.type': operation,
    'messaging.destination.name': envelope.queue,
    'messaging.message.id': envelope.id,
    'messaging.message.conversation_id': envelope.correlationId,
    'symphony.message.type': envelope.type,
  };
}

function failed(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
}

/**
 * A producer span around the send, whose W3C trace context (traceparent, tracestate) goes into the
 * envelope's headers: the handle span of any process continues the same trace from there.
 */
export function traceDispatch(): DispatchMiddleware {
  return (envelope, next) =>
    tracer().startActiveSpan(
      `dispatch ${envelope.type}`,
      { kind: SpanKind.PRODUCER, attributes: attributesOf(envelope, 'send') },
      async (span) => {
        try {
          const headers: Record<string, string> = { ...envelope.headers };
          propagation.inject(context.active(), headers);
          const result = await next({ ...envelope, headers });
          if (result.deduplicated) span.setAttribute('symphony.deduplicated', true);
          return result;
        } catch (error) {
          failed(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
}

/**
 * The parent of a handle span: the dispatch span named in the envelope's headers; or BullMQ's own
 * consumer span when bullmq-otel made one in the same trace (it descends from the dispatch span too).
 */
function parentOf(envelope: Envelope): Context {
  const active = context.active();
  const remote = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, envelope.headers));
  if (!remote) return active;
  const current = trace.getSpanContext(active);
  return current?.traceId === remote.traceId ? active : trace.setSpanContext(ROOT_CONTEXT, remote);
}

/** A consumer span around each delivery: its handlers, follow-up dispatches and outcome. */
export function traceHandling(): HandleMiddleware {
  return (envelope, handleContext, next) =>
    tracer().startActiveSpan(
      `handle ${envelope.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          ...attributesOf(envelope, 'process'),
          'symphony.attempt': handleContext.delivery.attempt,
        },
      },
      parentOf(envelope),
      async (span) => {
        try {
          await next(envelope);
          span.setAttribute('symphony.outcome', 'handled');
        } catch (error) {
          span.setAttribute(
            'symphony.outcome',
            willRetry(error, handleContext.delivery) ? 'retry' : 'failed',
          );
          failed(span, error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
}
