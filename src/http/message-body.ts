import { z } from 'zod';

/**
 * A request's message body is `body`, as in the library, the CLI and the stored envelope. Until 0.2
 * the API called it `payload`: that name is still read when `body` is absent (deprecated), and error
 * paths name whichever field the request used.
 */
export const bodyFields = {
  body: z.unknown().optional().describe('The message body; validated against the schema of `type`'),
  payload: z
    .unknown()
    .optional()
    .meta({ deprecated: true })
    .describe('Deprecated: the former name of `body`, read only when `body` is absent'),
};

type WithBody = { body?: unknown; payload?: unknown };

/** The object schema (with `bodyFields`) refined so that exactly one of the two names is given. */
export function withOneBody<S extends z.ZodObject>(schema: S): S {
  // checked whenever the input is an object, so a missing body is reported beside other field errors
  const when = (parse: { value: unknown }) => typeof parse.value === 'object' && parse.value !== null;
  return schema
    .refine((v: WithBody) => v.body !== undefined || v.payload !== undefined, {
      path: ['body'],
      message: 'required',
      when,
    })
    .refine((v: WithBody) => v.body === undefined || v.payload === undefined, {
      path: ['payload'],
      message: 'give `body` only (`payload` is its deprecated name)',
      when,
    });
}

/** The body a request gave, and the field it gave it in (for error paths). */
export function bodyOf(input: WithBody): { body: unknown; field: 'body' | 'payload' } {
  return input.body !== undefined
    ? { body: input.body, field: 'body' }
    : { body: input.payload, field: 'payload' };
}
