import { CronExpressionParser } from 'cron-parser';

let zones: Set<string> | undefined;

/**
 * Problem with an IANA zone name, or undefined when valid. The platform's list has canonical names
 * only, so a name the platform resolves to itself (UTC) or an Etc/ zone is accepted too; a link
 * or a wrong case gets the canonical name as a hint.
 */
export function timeZoneProblem(tz: string): string | undefined {
  zones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (zones.has(tz)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return `"${tz}" is not an IANA time zone (e.g. "Europe/Paris", "America/New_York", "UTC")`;
  }
  if (resolved === tz || /^Etc\/[A-Za-z0-9+-]+$/.test(tz)) return undefined;
  return `"${tz}" is not a canonical IANA time zone; use "${resolved}"`;
}

/**
 * Problem with a cron expression, or undefined when valid. cron-parser accepts short expressions
 * (and even ""), so the field count is checked here: 5 fields, 6 with seconds first, or an alias.
 */
export function cronProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  const fields = trimmed.split(/\s+/).length;
  if (!trimmed.startsWith('@') && fields !== 5 && fields !== 6) {
    return `"${expression}" has ${trimmed ? fields : 0} field(s); use 5 (minute hour day month weekday), 6 (with seconds first) or an alias like @daily`;
  }
  if (/(^|[\s,])H([\s,/(]|$)/.test(trimmed)) {
    // BullMQ parses each run without a hash seed, so every run would pick a new random slot.
    return `"${expression}" uses H (hashed values), which BullMQ cannot keep stable; give explicit values`;
  }
  try {
    CronExpressionParser.parse(trimmed, { tz: 'UTC' }).next();
    return undefined;
  } catch (error) {
    return `"${expression}" is not a valid cron expression: ${(error as Error).message}`;
  }
}
