import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors';
import { zodIssues } from '../message/validate-body';

export const joinPath = (prefix: string, path: string): string =>
  prefix && path ? `${prefix}.${path}` : prefix || path;

export const prefixIssues = (issues: FieldIssue[], prefix: string): FieldIssue[] =>
  issues.map((i) => ({ ...i, path: joinPath(prefix, i.path) }));

/** Parses request input; failures name every field by its path in the request (body or query). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError('Invalid request', prefixIssues(zodIssues(result.error), prefix));
  }
  return result.data;
}
