import type { Command } from 'commander';
import { FailedMessageNotFoundError } from '../failed/failed-errors';
import { FailedMessages } from '../failed/failed-messages';
import { createCliContext } from './context';
import { writeOut } from './output';

export function registerFailedShowCommand(program: Command): void {
  program
    .command('failed:show <id>')
    .description('one failed message as JSON: envelope, error with stack, attempts, failure time')
    .option('--queue <q>', 'look only in this queue (default: every queue)')
    .action(async (id: string, opts) => {
      const { symphony } = await createCliContext();
      try {
        const message = await new FailedMessages(symphony).show(id, opts.queue);
        if (!message) throw new FailedMessageNotFoundError(id, opts.queue);
        writeOut(`${JSON.stringify(message, null, 2)}\n`);
      } finally {
        await symphony.close();
      }
    });
}
