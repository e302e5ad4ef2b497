import { Dispatcher } from '../bus/dispatcher';
import type { DispatchMiddleware } from '../bus/middleware';
import { sendOptionsOf } from '../bus/send-options';
import type { Symphony } from '../bus/symphony';
import { SymphonyError, ValidationError } from '../errors';
import type { Envelope } from '../message/envelope';
import type { ScheduleTemplate } from '../transport/schedule-store';
import type { ScheduleSpec } from './schedule-declaration';
import { ScheduleConfigError } from './schedule-error';
import type { ScheduleInput } from './normalize-schedule';

/** Header on every scheduled message: handlers can tell which schedule sent it. */
export const SCHEDULE_HEADER = 'symphony-schedule';

/**
 * Builds the message a schedule sends exactly as dispatch would (body validation, the app's
 * dispatch middleware, routing, priority, retry attempts), but stops before the transport: the
 * last middleware captures the envelope instead of sending it.
 */
export async function prepareTemplate(
  symphony: Symphony,
  input: ScheduleInput | ScheduleSpec,
): Promise<{ spec: ScheduleSpec; template: ScheduleTemplate }> {
  let captured: Envelope | undefined;
  const capture: DispatchMiddleware = async (envelope) => {
    captured = envelope;
    return { id: envelope.id, queue: envelope.queue, deduplicated: false };
  };
  // The dispatcher validates the body itself; the capture replaces the transport at the end of the chain.
  const chain = [...(symphony.app.middleware?.dispatch ?? []), capture];
  const dispatcher = new Dispatcher(symphony.router, symphony.queues, chain, symphony.catalog);
  const queue = 'queueOverride' in input ? input.queueOverride : (input as ScheduleSpec).queue;
  try {
    await dispatcher.dispatch(input.type, input.body, {
      ...(queue !== undefined ? { queue } : {}),
      ...(input.priority !== undefined ? { priority: input.priority } : {}),
      headers: { [SCHEDULE_HEADER]: input.id },
    });
  } catch (error) {
    throw asScheduleError(input.id, error);
  }
  if (!captured) {
    throw new ScheduleConfigError(input.id, [
      {
        field: 'message',
        problem: 'a dispatch middleware did not pass the message on, so nothing can be scheduled',
      },
    ]);
  }
  const { queueOverride: _override, ...rest } = input as ScheduleInput;
  const spec: ScheduleSpec = { ...rest, queue: captured.queue };
  return { spec, template: { envelope: captured, options: sendOptionsOf(captured) } };
}

const FIELD_OF: Record<string, string> = {
  'options.priority': 'priority',
  'options.queue': 'queue',
  queue: 'queue',
};

function asScheduleError(id: string, error: unknown): Error {
  if (error instanceof ValidationError) {
    const isBody = error.message.startsWith('Invalid body');
    return new ScheduleConfigError(
      id,
      error.issues.map((i) => ({
        field: isBody ? (i.path ? `body.${i.path}` : 'body') : (FIELD_OF[i.path] ?? i.path),
        problem: i.message,
      })),
    );
  }
  if (error instanceof SymphonyError) {
    const field = error.code === 'UNROUTABLE' || error.code === 'UNKNOWN_TYPE' ? 'message' : 'queue';
    return new ScheduleConfigError(id, [{ field, problem: error.message }]);
  }
  return error as Error;
}
