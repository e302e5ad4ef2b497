import { UnrecoverableError } from '../src/errors';
import { defineHandler } from '../src/handling/handler-registry';
import { legacyHeadersOf, legacyRowOf } from '../src/legacy/legacy-headers';
import { loadDripStep } from '../src/legacy/drip-rows';
import { smsDripStep } from '../queues/messages';
import type { HandlerServices } from './services';

/**
 * Sends step N of an SMS drip, then dispatches step N+1 to run after its delay (key
 * `drip:<enrolment>:<step>`). The enrolment comes from the message's legacy-row header; its step
 * text, the contact's number and opt-out are read when the step runs, so a STOP received since the
 * step was scheduled stops it (the write-back also stops the enrolment under its row lock).
 */
export const sendDripStepHandler = (services: HandlerServices) =>
  defineHandler(
    smsDripStep,
    async ({ step, dripId }, envelope, { logger, bus }) => {
      const ref = legacyRowOf(envelope);
      if (ref?.kind !== 'enrollment')
        throw new UnrecoverableError(
          'sms.drip_step names no drip enrolment (header symphony-legacy-row: enrollment:<id>): drip steps come from the legacy bridge.',
        );
      const { db, mapping } = await services.legacy();
      const info = await loadDripStep(db, mapping, ref.id);
      const skip = !info
        ? 'the enrolment no longer exists'
        : info.optedOut
          ? 'the contact opted out'
          : info.step !== step
            ? `the enrolment is at step ${info.step}`
            : info.body === undefined
              ? `drip ${dripId} has no step ${step}`
              : undefined;
      if (skip || !info?.body)
        return void logger.info({ enrollment: ref.id, step }, `drip step not sent: ${skip}`);
      await services
        .providers()
        .sms.send({ to: info.phone, body: info.body, idempotencyKey: envelope.id }, logger);
      if (info.nextDelaySeconds === undefined || ref.shadow) return; // last step; shadow follows the legacy job
      try {
        await bus.dispatch(
          smsDripStep,
          { to: info.phone, dripId, step: step + 1 },
          {
            delay: info.nextDelaySeconds * 1000,
            idempotencyKey: `drip:${ref.id}:${step + 1}`,
            headers: legacyHeadersOf(envelope),
          },
        );
      } catch (error) {
        // The step is sent: failing now would send it again. The bridge takes the enrolment when due.
        logger.warn(
          { enrollment: ref.id, err: error },
          'next drip step not scheduled; the bridge will take it when due',
        );
      }
    },
    'send-drip-step',
  );
