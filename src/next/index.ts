/**
 * symphony-messenger/next: the bus in a Next.js app (route handlers, server actions). Mark the
 * package external in next.config (`serverExternalPackages: ['symphony-messenger']`); an Edge
 * route uses symphony-messenger/client instead. See docs/nextjs.md.
 */
export { closeSymphony, getSymphony, type GetSymphonyOptions } from './get-symphony';
export { describeError, toErrorResponse } from './error-response';
// A cron route (Vercel Cron and the like) that handles what is ready, when no worker process runs.
export { runConsumePass, type ConsumePassOptions, type ConsumePassResult } from '../worker/consume-pass';
