import { UnknownMessageTypeError, ValidationError } from '../../errors';
import type { MessageCatalog } from '../../message/message-catalog';
import { validateBody } from '../../message/validate-body';
import type { DispatchMiddleware, HandleMiddleware } from '../middleware';

/**
 * Rejects an invalid body before it is stored. The body is stored as given, not as parsed: the
 * consumer parses it again, and a schema with transforms must see its input, not its output.
 */
export function validateOnDispatch(catalog: MessageCatalog): DispatchMiddleware {
  return (envelope, next) => {
    validateBody(catalog.get(envelope.type), envelope.body);
    return next(envelope);
  };
}

/**
 * Validates again when consumed: the producer may run older code. A body that no longer fits
 * cannot succeed on retry, so the error is marked unrecoverable.
 */
export function validateOnHandle(catalog: MessageCatalog): HandleMiddleware {
  return (envelope, _context, next) => {
    let body: unknown;
    try {
      body = validateBody(catalog.get(envelope.type), envelope.body);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof UnknownMessageTypeError) {
        Object.defineProperty(error, 'retryable', { value: false });
      }
      throw error;
    }
    return next({ ...envelope, body });
  };
}
