import { InvalidArgumentError, type Command } from 'commander';
import { QueueControlService } from '../control/queue-control.service';
import type { RateLimit } from '../transport/capabilities';
import { createCliContext } from './context';
import { LIMITS } from '../bus/limits';
import { intIn } from './parse';
import { writeOut } from './output';

/** `--rate 100/1000` = at most 100 messages per 1000 ms across all workers; `--rate none` removes it. */
export function parseRate(value: string): RateLimit | null {
  if (value === 'none') return null;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1)
    throw new InvalidArgumentError('expected max/ms, e.g. 100/1000, or none');
  return { max: Number(match[1]), durationMs: Number(match[2]) };
}

const concurrencyArg = (value: string): number | null =>
  value === 'none' ? null : intIn(1, LIMITS.maxConcurrency)(value);

async function withControl(run: (service: QueueControlService) => Promise<unknown>): Promise<void> {
  const { symphony } = await createCliContext();
  try {
    const result = await run(new QueueControlService(symphony));
    writeOut(`${JSON.stringify(result)}\n`);
  } finally {
    await symphony.close();
  }
}

export function registerQueueCommands(program: Command): void {
  program
    .command('queue:pause <queue>')
    .description('stop every worker from taking new messages of this queue')
    .action((queue: string) => withControl((s) => s.pause(queue)));
  program
    .command('queue:resume <queue>')
    .description('let workers take messages of this queue again')
    .action((queue: string) => withControl((s) => s.resume(queue)));
  program
    .command('queue:set <queue>')
    .description('change global concurrency / rate limit; running workers obey within seconds')
    .option('--concurrency <n>', 'messages in flight across all workers, or none', concurrencyArg)
    .option('--rate <max/ms>', 'at most max messages per ms window across all workers, or none', parseRate)
    .action((queue: string, opts: { concurrency?: number | null; rate?: RateLimit | null }) =>
      withControl((s) => s.set(queue, { concurrency: opts.concurrency, rateLimit: opts.rate })),
    );
  program
    .command('queue:show <queue>')
    .description('paused flag, global concurrency and rate limit')
    .action((queue: string) => withControl((s) => s.runtime(queue)));
}
