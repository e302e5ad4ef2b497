import { configFromEnv } from '../config/config';
import { SymphonyError } from '../errors';
import { createCliContext, type CliContext } from './context';
import { chooseStore } from '../transport/default-store';
import { runningApi } from './embedded-api';

/**
 * Runs a short command on the store itself, or, when the embedded store is held by a running
 * `npm start`, through that process's HTTP API.
 */
export async function localOrApi<T>(
  local: (context: CliContext) => Promise<T>,
  remote: (apiUrl: string) => Promise<T>,
): Promise<T> {
  let context: CliContext;
  try {
    context = await createCliContext();
  } catch (error) {
    if (!(error instanceof SymphonyError) || error.code !== 'DB_STORE_LOCKED') throw error;
    const url = runningApi((await chooseStore(configFromEnv())).config.defaultDsn);
    if (!url) throw error;
    return remote(url);
  }
  try {
    return await local(context);
  } finally {
    await context.symphony.close();
  }
}
