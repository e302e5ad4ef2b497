import type { ErrorCatalogueEntry } from './entry';

/** The error codes of one area of the guide: configuration and start-up. */
export const SETUP_ERRORS = {
  CONFIG_INVALID: {
    area: 'setup',
    cause:
      'A setting or the app definition is wrong, found before anything runs: an environment variable of the wrong ' +
      'kind or out of its range (`Invalid environment: SYMPHONY_HTTP_PORT: …`); no API token for an API that is not ' +
      'on loopback in development; a token shorter than 16 characters, or one token in two roles; a provider ' +
      'setting missing in production (`No e-mail provider in production`); a routing pattern, message type, DSN ' +
      'scheme, queue option, schedule or alert rule that cannot work; an `environments` override naming something ' +
      'the app does not have.',
    fix:
      'The message names the variable or field (each one is in `fields` of the `ConfigError`): correct it. ' +
      '`symphony config:show` checks the whole configuration for the current `NODE_ENV` without connecting to ' +
      'anything. Every variable and its range: [README, Configuration](../README.md#configuration); bounds of ' +
      'options: [delivery-semantics.md](delivery-semantics.md#bounds).',
  },
  APP_NOT_FOUND: {
    area: 'setup',
    cause:
      'A CLI command found no app to load: no `symphony.config.ts` (or `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) in ' +
      'the working directory, or `--app` / `SYMPHONY_APP` names a module that does not exist. No store was touched.',
    fix:
      'Run the command from the project root, create `symphony.config.ts` there with ' +
      '`export default defineApp({ messages, routing, handlers })`, or pass `--app <path>`.',
  },
  DEPENDENCY_MISSING: {
    area: 'setup',
    cause:
      'A feature needs an optional peer dependency that is not installed: the HTTP API and admin UI (`serve`, ' +
      '`start`), the embedded store (`@electric-sql/pglite`), traces (`@opentelemetry/sdk-node`, `bullmq-otel`), ' +
      'metrics (`prom-client`), `tsx` for the CLI to load a TypeScript app, or `nodemailer` for the example ' +
      "handlers' SMTP. A producer installs none of them.",
    fix:
      'Run the `npm install …` the message prints. What each feature needs: ' +
      '[nextjs.md, Packaging](nextjs.md#packaging-what-a-project-installs).',
  },
} as const satisfies Record<string, ErrorCatalogueEntry>;
