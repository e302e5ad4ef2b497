import { z } from 'zod';
import { defineMessage } from '../src/message/define-message';

/** The three legacy cron jobs, as typed messages. */
export const emailSend = defineMessage(
  'email.send',
  z
    .object({
      to: z.email(),
      subject: z.string().min(1),
      text: z.string().optional(),
      html: z.string().optional(),
    })
    .strict(),
);

export const campaignLaunch = defineMessage(
  'campaign.launch',
  z.object({ campaignId: z.string().min(1) }).strict(),
);

export const smsDripStep = defineMessage(
  'sms.drip_step',
  z
    .object({
      to: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 phone number like +33612345678'),
      dripId: z.string().min(1),
      step: z.number().int().min(0),
    })
    .strict(),
);

/** The bridge's tick: moves due rows of the legacy tables onto the bus (see docs/migration.md). */
export const legacyBridge = defineMessage('legacy.bridge', z.object({}).strict());

export const messages = [emailSend, campaignLaunch, smsDripStep, legacyBridge];
