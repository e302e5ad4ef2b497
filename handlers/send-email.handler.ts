import { defineHandler } from '../src/handling/handler-registry';
import { emailSend } from '../queues/messages';
import type { HandlerServices } from './services';

/**
 * Sends one e-mail with the configured provider (SMTP, or the log provider in development). The
 * Message-ID is derived from the message id, so a repeat after a crash is recognisably the same
 * e-mail; provider failures are classified (rejected: failed at once; throttled or down: retried).
 */
export const sendEmailHandler = (services: HandlerServices) =>
  defineHandler(
    emailSend,
    async (mail, envelope, { logger, delivery }) => {
      await services
        .providers()
        .email.send({ ...mail, messageId: envelope.id, attempt: delivery.attempt }, logger);
    },
    'send-email',
  );
