import type { Command } from 'commander';
import { parsePriority } from '../bus/priority';
import { ValidationError } from '../errors';
import { withCliContext } from './context';
import { LIMITS } from '../bus/limits';
import { intIn } from './parse';
import { writeOut } from './output';

export function registerDispatchCommand(program: Command): void {
  program
    .command('dispatch <type> <json>')
    .description('dispatch one message; prints {"id","queue"} as JSON')
    .option('--queue <q>', 'override the routed queue')
    .option('--priority <p>', 'critical | high | normal | low, or an integer (1 runs first)')
    .option(
      '--delay <ms>',
      'handle no sooner than ms from now (at most 366 days)',
      intIn(0, LIMITS.maxDelayMs),
    )
    .option('--idempotency-key <k>', 'drop duplicates with the same key while the first is not done')
    .option('--idempotency-mode <mode>', 'until-done (default) | window | debounce')
    .option('--window-ms <ms>', 'window/debounce length in ms', intIn(1, LIMITS.maxDelayMs))
    .option('--available-at <iso>', 'handle no sooner than this time (ISO 8601 with offset)')
    .action(async (type: string, json: string, opts) => {
      let body: unknown;
      try {
        body = JSON.parse(json);
      } catch (error) {
        throw new ValidationError('Invalid JSON body', [{ path: '', message: (error as Error).message }]);
      }
      const options = {
        queue: opts.queue,
        priority: opts.priority === undefined ? undefined : parsePriority(opts.priority),
        delay: opts.delay,
        idempotencyKey: opts.idempotencyKey,
        idempotencyMode: opts.idempotencyMode,
        windowMs: opts.windowMs,
        availableAt: opts.availableAt,
      };
      const result = await withCliContext(({ symphony }) => symphony.dispatch(type, body, options));
      const out: Record<string, unknown> = { id: result.id, queue: result.queue };
      if (result.deduplicated) Object.assign(out, { deduplicated: true, existingId: result.existingId });
      if (result.replacedId) Object.assign(out, { replacedId: result.replacedId });
      writeOut(`${JSON.stringify(out)}\n`);
    });
}
