import { ConfigError, type FieldIssue } from '../../src/errors';

/** The field issues of the ConfigError that `run` throws (fails the test when it throws none). */
export function configErrorFields(run: () => unknown): FieldIssue[] {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.fields;
  }
  throw new Error('expected a ConfigError');
}
