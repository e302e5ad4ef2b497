import { defineSchedule } from '../src/scheduler/schedule-declaration';
import { legacyConfigFromEnv } from '../src/config/legacy-config';
import { emailSend, legacyBridge } from './messages';

/**
 * Messages sent on a timetable. Synced on worker start (and by `symphony schedule:sync`): a new
 * entry is created, a changed one rewritten, a removed one deleted. Schedules added at runtime
 * (`symphony schedule:add`) are not listed here and sync leaves them alone. See docs/schedules.md.
 */
export const schedules = [
  defineSchedule({
    id: 'ops-morning-report',
    message: emailSend,
    body: { to: 'ops@example.com', subject: 'Queues this morning', text: 'See the dashboard.' },
    cron: '0 7 * * 1-5', // weekdays 07:00 Paris time, summer and winter alike
    tz: 'Europe/Paris',
  }),
  // The bridge from the legacy tables, where there are some (LEGACY_DATABASE_URL): every few
  // seconds it moves due rows of the jobs switched to symphony or shadow onto the bus.
  ...(legacyConfigFromEnv().databaseUrl
    ? [defineSchedule({ id: 'legacy-bridge', message: legacyBridge, body: {}, every: 3000 })]
    : []),
];
