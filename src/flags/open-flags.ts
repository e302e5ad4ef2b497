import type { Symphony } from '../bus/symphony';
import { openFlagStore, type OpenedFlagStore } from '../transport/bullmq/open-flag-store';

/** The flags of a bus: in the store of its default DSN (the transport's pool where it has one). */
export function openFlags(symphony: Symphony): OpenedFlagStore {
  const { config, queues } = symphony;
  const onDefault = queues.names().find((q) => queues.dsn(q) === config.defaultDsn);
  const transport = onDefault === undefined ? undefined : queues.transport(onDefault);
  return openFlagStore(config.defaultDsn, config, transport);
}
