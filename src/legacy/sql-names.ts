/**
 * Quotes a mapped name for SQL. Names were checked by the mapping's schema (letters, digits, _ and
 * at most one dot), so quoting each part is enough to keep them from being read as SQL.
 */
export const q = (name: string): string =>
  name
    .split('.')
    .map((part) => `"${part}"`)
    .join('.');
