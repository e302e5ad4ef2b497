import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors';
import type { MessageDefinition } from './define-message';

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    // zod reports unknown keys on the parent object; name each one by its own path instead
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: path.join('.'), message: issue.message }];
  });
}

/** Parses a body against its definition; failures list every field path and problem. */
export function validateBody(definition: MessageDefinition, body: unknown): unknown {
  const result = definition.schema.safeParse(body);
  if (!result.success) {
    throw new ValidationError(`Invalid body for "${definition.type}"`, zodIssues(result.error));
  }
  return result.data;
}
