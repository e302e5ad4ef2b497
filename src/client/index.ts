/**
 * symphony-messenger/client: the HTTP API over fetch, for the Edge runtime, browsers and other
 * processes. Nothing here needs Node, zod or a store driver at run time. See docs/nextjs.md.
 */
export { SymphonyApiError } from './client-error';
export type { RetryPolicy } from './http-request';
export { createSymphonyClient, SymphonyClient, type SymphonyClientOptions } from './symphony-client';
export type * from './types';
