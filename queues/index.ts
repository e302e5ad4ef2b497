import { defineApp } from '../src/bus/app-definition';
import { legacyWriteBack } from '../src/legacy/write-back.middleware';
import { handlers } from '../handlers';
import { alerts } from './alerts';
import { environments } from './environments';
import { legacy } from './legacy';
import { messages } from './messages';
import { queues } from './queues';
import { routing } from './routing';
import { schedules } from './schedules';

/** The app's wiring: what the CLI, the worker and the HTTP API load. */
export default defineApp({
  messages,
  routing,
  queues,
  handlers,
  schedules,
  alerts,
  environments,
  // Messages that stand for a row of the legacy tables write their outcome back to it.
  middleware: { handle: [legacyWriteBack(legacy)] },
});
export { legacy };
