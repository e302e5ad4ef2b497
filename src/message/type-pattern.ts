/** A message-type filter: an exact type, `prefix.*`, or `*` (any); the same in every search. */
export function typeMatcher(pattern: string | undefined): (type: string) => boolean {
  if (!pattern || pattern === '*') return () => true;
  const prefix = typePrefix(pattern);
  if (prefix !== undefined) return (type) => type.startsWith(prefix);
  return (type) => type === pattern;
}

/** `email.*` -> `email.`; undefined for an exact type. */
export function typePrefix(pattern: string): string | undefined {
  return pattern.endsWith('.*') ? pattern.slice(0, -1) : undefined;
}
