import fs from 'node:fs';
import path from 'node:path';
import { httpConfigFromEnv } from '../config/http-config';
import { SymphonyError, TransportError } from '../errors';

/**
 * The embedded store opens in one process only. While `npm start` holds it, short CLI commands
 * are run by that process for the CLI (see hosted-cli.ts): `start` leaves its address beside the
 * data, and the CLI sends its command there.
 */
const FILE = 'symphony-api.json';

const embeddedDir = (dsn: string): string | undefined =>
  dsn.startsWith('pglite://')
    ? path.resolve(decodeURIComponent(dsn.slice('pglite://'.length).split('?')[0]!))
    : undefined;

/**
 * A line for the wait before a new embedded store is ready (its data directory made from the
 * install's template, or by initdb and the migrations): undefined for any other store.
 */
export function preparingNotice(dsn: string): string | undefined {
  const dir = embeddedDir(dsn);
  if (!dir || fs.existsSync(path.join(dir, 'PG_VERSION'))) return undefined;
  return `Preparing the embedded store in ${path.relative(process.cwd(), dir) || dir} (first start: a few seconds)…`;
}

/** Records where the API of the process holding the embedded store listens; returns the cleanup. */
export function announceApi(dsn: string, url: string): () => void {
  const dir = embeddedDir(dsn);
  if (!dir) return () => undefined;
  const file = path.join(dir, FILE);
  fs.mkdirSync(dir, { recursive: true });
  // Written beside it, then renamed over it: a CLI reading at that moment sees a whole file, never an
  // empty one (and would otherwise open the store itself while this process holds it).
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, JSON.stringify({ pid: process.pid, url }));
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return () => fs.rmSync(file, { force: true });
}

/** The API of the live process that holds this embedded store, if any. */
export function runningApi(dsn: string): string | undefined {
  const dir = embeddedDir(dsn);
  if (!dir) return undefined;
  try {
    const { pid, url } = JSON.parse(fs.readFileSync(path.join(dir, FILE), 'utf8')) as {
      pid: number;
      url: string;
    };
    process.kill(pid, 0);
    return url;
  } catch {
    return undefined;
  }
}

/** One call to the local API with the first configured token; its error shape becomes a SymphonyError. */
export async function callApi<T>(
  url: string,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  body?: unknown,
): Promise<T> {
  const { tokens } = httpConfigFromEnv();
  const token = tokens.admin[0] ?? tokens.dispatcher[0];
  let response: Response;
  try {
    response = await fetch(`${url}/api/symphony${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new TransportError(`The process holding the embedded store does not answer at ${url}.`, { cause });
  }
  const payload = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) {
    const error = payload.error;
    throw new SymphonyError(error?.code ?? 'HTTP_ERROR', error?.message ?? `HTTP ${response.status}`);
  }
  return payload as T;
}
