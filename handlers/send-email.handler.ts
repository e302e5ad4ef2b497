import { defineHandler } from '../src/handling/handler-registry';
import { emailSend } from '../queues/messages';
import { emailProvider } from './providers';

export const sendEmail = defineHandler(
  emailSend,
  async (mail, _envelope, { logger }) => emailProvider.send(mail, logger),
  'send-email',
);
