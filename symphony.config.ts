// This repository's own app: the demo wiring in queues/ and handlers/. The CLI finds it by
// convention when run from the repository root (`npm start`, `npm run worker`); an installed
// package never loads it (see docs/nextjs.md for a project's own symphony.config.ts).
export * from './queues';
export { default } from './queues';
