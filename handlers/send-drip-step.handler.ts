import { defineHandler } from '../src/handling/handler-registry';
import { smsDripStep } from '../queues/messages';
import { smsProvider } from './providers';

export const sendDripStep = defineHandler(
  smsDripStep,
  async ({ to, dripId, step }, _envelope, { logger }) =>
    smsProvider.send(to, `drip ${dripId} step ${step}`, logger),
  'send-drip-step',
);
