import type { Symphony } from '../bus/symphony';
import { openClusterStore } from '../transport/bullmq/open-cluster-store';
import type { ClusterStore } from './cluster-store';

/** The cluster store of a bus: on the store of its default DSN (the transport's pool where it has one). */
export function openCluster(symphony: Symphony): ClusterStore {
  const { config, queues } = symphony;
  const onDefault = queues.names().find((q) => queues.dsn(q) === config.defaultDsn);
  const transport = onDefault === undefined ? undefined : queues.transport(onDefault);
  return openClusterStore(config.defaultDsn, config, transport);
}
