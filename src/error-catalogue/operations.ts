import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: acting on messages, schedules, queues, campaigns. */
export const OPERATIONS_ERRORS = {
  FAILED_STORE_UNAVAILABLE: {
    area: 'operations',
    cause:
      'A failed-message command or route named a queue on `sync://`, which keeps no failed messages (its errors ' +
      'are thrown from `dispatch`).',
    fix:
      'Leave that queue out (`--queue`), or move it to a store that keeps them: Redis, PostgreSQL or the embedded ' +
      'store (`memory://` in tests).',
  },
  FAILED_NOT_FOUND: {
    area: 'operations',
    cause:
      'No failed message has that id (in that queue, when one was given): it was retried, removed, or expired ' +
      'after `SYMPHONY_FAILED_RETENTION_DAYS`.',
    fix: '`symphony failed:list` shows what is there; `symphony messages:show <id>` finds a message in any state.',
  },
  MESSAGE_NOT_FOUND: {
    area: 'operations',
    cause:
      'No message with that id in any queue and state (or in the queue given): removed, or dropped by retention ' +
      '(`SYMPHONY_KEEP_COMPLETED`, `SYMPHONY_FAILED_RETENTION_DAYS`).',
    fix: 'Search by type, time, idempotency key or text: `symphony messages:search` ([search.md](search.md)).',
  },
  MESSAGE_STATE_CONFLICT: {
    area: 'operations',
    cause:
      "The action does not fit the message's current state, which may have just changed: only a failed message " +
      'can be retried and only a delayed one promoted; an active one (a worker has it) and the pending run of a ' +
      'schedule cannot be removed.',
    fix:
      'Look at its state (`symphony messages:show <id>`) and act on what it is now; for a schedule’s run, pause ' +
      'or remove the schedule.',
  },
  SCHEDULE_NOT_FOUND: {
    area: 'operations',
    cause: 'A runtime schedule command or route named an id that no schedule has.',
    fix: '`symphony schedule:list` shows the ids ([schedules.md](schedules.md#runtime-management)).',
  },
  UNSUPPORTED: {
    area: 'operations',
    cause:
      "The queue's transport lacks what was asked: runtime control (pause, concurrency, rate limit) or a search " +
      'of stored messages on `sync://`, which stores nothing.',
    fix: 'Leave that queue out, or put it on Redis, PostgreSQL or the embedded store.',
  },
  CAMPAIGN_NOT_FOUND: {
    area: 'operations',
    cause: '`campaign:status` (or `GET /campaigns/:id`) named a campaign that is not in the legacy database.',
    fix: "Check the id against the campaigns table's id column (the mapping in `queues/legacy.ts`).",
  },
  CONTACT_NOT_FOUND: {
    area: 'operations',
    cause: '`sms:opt-out` (or `POST /sms/opt-out`) named a phone number that no contact has.',
    fix: 'Give the number as stored, in E.164 form (`+33612345678`).',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;
