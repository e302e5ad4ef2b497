/** Where an error shows up: one section of the guide each, in this order. */
export const ERROR_AREAS = {
  setup: 'Configuration and start-up',
  dispatch: 'Dispatching',
  store: 'Stores: Redis, PostgreSQL, embedded',
  handling: 'Handling and retries',
  operations: 'Failed messages, search, schedules, campaigns',
  http: 'HTTP API and admin UI',
  client: 'HTTP clients',
} as const;

export interface ErrorCatalogueEntry {
  area: keyof typeof ERROR_AREAS;
  cause: string;
  fix: string;
  /** For codes the HTTP layer makes itself; the others get theirs from src/http/error-mapping.ts. */
  status?: number;
}
