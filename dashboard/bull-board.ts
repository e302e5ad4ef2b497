import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import type { Symphony } from '../src/bus/symphony';
import { engineQueueOf } from '../src/transport/bullmq/engine-queue';

export const BULL_BOARD_PATH = '/admin/queues';

/** One board over every BullMQ-backed queue (Redis, PostgreSQL, PGlite); sync and memory queues have none. */
function createBoard(symphony: Symphony, readOnly: boolean): RequestHandler {
  const serverAdapter = new ExpressAdapter().setBasePath(BULL_BOARD_PATH);
  const adapters = symphony.queues.names().flatMap((name) => {
    const transport = symphony.queues.transport(name);
    const queue = engineQueueOf(transport, name);
    return queue
      ? [new BullMQAdapter(queue, { readOnlyMode: readOnly, description: `${transport.kind} transport` })]
      : [];
  });
  createBullBoard({
    queues: adapters,
    serverAdapter,
    options: {
      uiConfig: {
        boardTitle: readOnly ? 'Symphony (read-only)' : 'Symphony',
        miscLinks: [{ text: 'Symphony console', url: '/admin' }],
      },
      // readOnlyMode hides the buttons; this refuses the calls as well.
      handlerHooks: readOnly
        ? {
            before: ({ method }) =>
              method === 'get'
                ? undefined
                : { allow: false, status: 403, message: 'This board is read-only' },
          }
        : undefined,
    },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

/**
 * Bull Board at /admin/queues: admins get the full board, everyone else a read-only one. Built on
 * first use, so an app that never opens it creates no BullMQ queues for it.
 */
export function bullBoard(symphony: Symphony): RequestHandler {
  let boards: { full: RequestHandler; readOnly: RequestHandler } | undefined;
  return (req, res, next) => {
    boards ??= { full: createBoard(symphony, false), readOnly: createBoard(symphony, true) };
    const board = res.locals.principal?.role === 'admin' ? boards.full : boards.readOnly;
    board(req, res, next);
  };
}
