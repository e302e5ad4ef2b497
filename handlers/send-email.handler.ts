import { defineHandler } from '../src/handling/handler-registry';
import { emailSend } from '../queues/messages';
import { emailProvider } from './providers';

export const sendEmail = defineHandler(emailSend, async (mail) => emailProvider.send(mail), 'send-email');
