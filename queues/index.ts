import { defineApp } from '../src/bus/app-definition';
import { handlers } from '../handlers';
import { messages } from './messages';
import { queues } from './queues';
import { routing } from './routing';
import { schedules } from './schedules';

/** The app's wiring: what the CLI, the worker and the HTTP API load. */
export default defineApp({ messages, routing, queues, handlers, schedules });
export { legacy } from './legacy';
