import { AsyncLocalStorage } from 'node:async_hooks';
import type { Symphony } from '../bus/symphony';
import type { SymphonyConfig } from '../config/config';
import type { Logger } from '../logger';

/**
 * A command run by `npm start` for a CLI in another terminal (see hosted-cli.ts): it works on the
 * server's bus and prints into buffers sent back to that CLI, instead of this process's streams.
 */
export interface CliHost {
  symphony: Symphony;
  config: SymphonyConfig;
  logger: Logger;
  stdout: string[];
  stderr: string[];
}

const hosts = new AsyncLocalStorage<CliHost>();

export const currentHost = (): CliHost | undefined => hosts.getStore();

export const withHost = <T>(host: CliHost, run: () => Promise<T>): Promise<T> => hosts.run(host, run);

/** What a command prints as its result. */
export function writeOut(text: string): void {
  const host = currentHost();
  if (host) host.stdout.push(text);
  else process.stdout.write(text);
}

/** What a command prints beside its result (progress, warnings). */
export function writeErr(text: string): void {
  const host = currentHost();
  if (host) host.stderr.push(text);
  else process.stderr.write(text);
}
