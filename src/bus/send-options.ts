import type { Envelope } from '../message/envelope';
import type { SendOptions } from '../transport/transport';

/**
 * Send options ride on the envelope under a private symbol: middleware that copies the envelope
 * (`{...envelope, body}`) keeps them, and the serializer never sees them.
 */
const SEND_OPTIONS = Symbol('symphony.sendOptions');

type Carrier = Envelope & { [SEND_OPTIONS]?: SendOptions };

export function withSendOptions(envelope: Envelope, options: SendOptions): Envelope {
  (envelope as Carrier)[SEND_OPTIONS] = options;
  return envelope;
}

export function sendOptionsOf(envelope: Envelope): SendOptions {
  const options = (envelope as Carrier)[SEND_OPTIONS];
  if (!options)
    throw new Error(
      `Message ${envelope.id} lost its send options (a middleware rebuilt the envelope without spreading it)`,
    );
  return options;
}
