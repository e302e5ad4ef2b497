/**
 * Every stable error code Symphony reports, with its usual cause and its fix: the source of
 * docs/troubleshooting.md (`npm run docs:troubleshooting`). One file per area of the guide under
 * error-catalogue/. A test fails when a code raised in src/, dashboard/ or handlers/ is missing here,
 * or listed here and raised nowhere. Text is Markdown; links are relative to docs/.
 */
import { CLIENT_ERRORS } from './error-catalogue/client';
import { DISPATCH_ERRORS } from './error-catalogue/dispatch';
import { HANDLING_ERRORS } from './error-catalogue/handling';
import { HTTP_ERRORS } from './error-catalogue/http';
import { OPERATIONS_ERRORS } from './error-catalogue/operations';
import { SETUP_ERRORS } from './error-catalogue/setup';
import { STORE_ERRORS } from './error-catalogue/store';

export { ERROR_AREAS, type ErrorCatalogueEntry } from './error-catalogue/entry';

/** In the guide's order: by area, then as each area lists them. */
export const ERROR_CATALOGUE = {
  ...SETUP_ERRORS,
  ...DISPATCH_ERRORS,
  ...STORE_ERRORS,
  ...HANDLING_ERRORS,
  ...OPERATIONS_ERRORS,
  ...HTTP_ERRORS,
  ...CLIENT_ERRORS,
};

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
