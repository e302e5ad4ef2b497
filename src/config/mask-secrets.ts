/** Shown in place of a secret. */
export const MASK = '****';

const SECRET_PARAMS = /([?&](?:password|sentinelPassword|token|secret|key|auth|access_token)=)[^&#]*/gi;

/** A DSN or URL without its password (user part, or a password-like query parameter). */
export function maskUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, `//$1:${MASK}@`).replace(SECRET_PARAMS, `$1${MASK}`);
}

/** A webhook URL whose path is its secret (Slack, Teams, Discord): scheme and host only. */
export function maskUrlPath(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { origin, pathname } = new URL(url);
    return pathname === '/' ? origin : `${origin}/${MASK}`;
  } catch {
    return MASK;
  }
}

/** A secret: whether it is set, never its value. */
export const maskSecret = (value: string | undefined): string | null => (value ? MASK : null);
