import { z } from 'zod';
import { defineApp } from '../../../src/bus/app-definition';
import { createSymphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { defineHandler } from '../../../src/handling/handler-registry';
import { createLogger } from '../../../src/logger';
import { defineMessage } from '../../../src/message/define-message';
import { captureLogs } from '../../helpers/bus';

const note = defineMessage('note.add', z.object({ text: z.string() }));

describe('handler context', () => {
  it("gives handlers the bus's logger with the message's id, type, queue and attempt", async () => {
    const logs = captureLogs();
    const handler = defineHandler(note, (body, _envelope, { logger, delivery }) => {
      logger.info({ text: body.text, maxAttempts: delivery.maxAttempts }, 'noted');
    });
    const symphony = createSymphony(
      defineApp({ messages: [note], routing: { '*': 'notes' }, handlers: [handler] }),
      defaultConfig({ defaultDsn: 'memory://' }),
      { logger: createLogger('info', logs.stream) },
    );
    const { id } = await symphony.dispatch(note, { text: 'hi' });
    await symphony.flush();
    expect(logs.lines.find((l) => l.msg === 'noted')).toMatchObject({
      id,
      type: 'note.add',
      queue: 'notes',
      attempt: 1,
      text: 'hi',
      maxAttempts: 4,
    });
    await symphony.close();
  });
});
