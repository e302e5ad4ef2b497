import { configFromEnv } from '../config/config';
import { chooseStore } from '../transport/default-store';
import { callApi, runningApi } from './embedded-api';
import { isHosted, type HostedResult } from './hosted-cli';

/**
 * While `npm start` holds the embedded store (PGlite opens in one process), a store command in
 * another terminal is run by that process (POST /api/symphony/cli) and its output printed here,
 * byte for byte what it prints when it runs here. Returns the exit code, or undefined to run the
 * command in this process (no such server, another store, another kind of command).
 */
export async function runOnHoldingServer(args: readonly string[]): Promise<number | undefined> {
  if (!isHosted(args)) return undefined;
  const url = runningApi((await chooseStore(configFromEnv())).config.defaultDsn);
  if (!url) return undefined;
  const result = await callApi<HostedResult>(url, 'POST', '/cli', { args });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.code;
}
