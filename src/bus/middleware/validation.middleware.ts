import { UnknownMessageTypeError, ValidationError } from '../../errors';
import type { MessageCatalog } from '../../message/message-catalog';
import { validateBody } from '../../message/validate-body';
import type { DispatchMiddleware, HandleMiddleware } from '../middleware';

/** Validates (and normalises, e.g. zod defaults) the body before it is stored. */
export function validateOnDispatch(catalog: MessageCatalog): DispatchMiddleware {
  return (envelope, next) =>
    next({ ...envelope, body: validateBody(catalog.get(envelope.type), envelope.body) });
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
