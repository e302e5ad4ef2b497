import { ConfigError } from '../../errors';
import { redact } from './redis-connection';

export interface RedisNode {
  host: string;
  port: number;
}

/** What both forms share: the data nodes' credentials, TLS, replica confirmation. */
interface SharedOptions {
  username?: string;
  password?: string;
  tls: boolean;
  /**
   * Replicas that must hold a dispatch before it is acknowledged (Redis WAIT), so a failover
   * cannot lose it; 0 (default) acknowledges once the master has it.
   */
  waitReplicas: number;
}

/** A Redis Cluster reached through any of its seed nodes. */
export interface ClusterDsn extends SharedOptions {
  mode: 'cluster';
  nodes: RedisNode[];
}

/** A master group found through its Sentinels; credentials are the data nodes'. */
export interface SentinelDsn extends SharedOptions {
  mode: 'sentinel';
  sentinels: RedisNode[];
  masterName: string;
  db: number;
  sentinelUsername?: string;
  sentinelPassword?: string;
}

export type MultiNodeDsn = ClusterDsn | SentinelDsn;

const SHAPE = /^(rediss?)\+(cluster|sentinel):\/\/(?:([^@/?#]*)@)?([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?$/;
const USAGE = {
  cluster: 'redis+cluster://[user:password@]host1:7000,host2:7001[?waitReplicas=1]',
  sentinel:
    'redis+sentinel://[user:password@]sentinel1:26379,sentinel2:26379/masterName[/db][?sentinelPassword=…&waitReplicas=1]',
};
const CLUSTER_OPTIONS = ['waitReplicas'] as const;
const SENTINEL_OPTIONS = ['sentinelUsername', 'sentinelPassword', 'waitReplicas'] as const;

/**
 * Parses the multi-node Redis DSNs (`redis+cluster://`, `redis+sentinel://`, and `rediss+…` for
 * TLS). They list several hosts, which `new URL()` refuses, so they are split here.
 */
export function parseMultiNodeDsn(dsn: string): MultiNodeDsn {
  const match = SHAPE.exec(dsn);
  const mode = match?.[2] === 'sentinel' ? 'sentinel' : 'cluster';
  const fail = (what: string): never => {
    throw new ConfigError(`Invalid Redis ${mode} DSN "${redact(dsn)}": ${what}; expected ${USAGE[mode]}.`);
  };
  if (!match) return fail('not a DSN of this form');
  const [, scheme, , auth, hostList, path = '', query = ''] = match;
  const params = new URLSearchParams(query);
  const waitReplicas = params.get('waitReplicas') ?? '0';
  if (!/^\d{1,2}$/.test(waitReplicas))
    fail(`waitReplicas=${waitReplicas} is not a number of replicas (0-99)`);
  const credentials: SharedOptions = {
    tls: scheme === 'rediss',
    waitReplicas: Number(waitReplicas),
    ...parseAuth(auth, fail),
  };
  if (mode === 'cluster') {
    if (path !== '' && path !== '/') fail('a cluster has no database number or path');
    rejectUnknown(params, CLUSTER_OPTIONS, fail);
    return { mode, ...credentials, nodes: parseNodes(hostList!, 6379, fail) };
  }
  rejectUnknown(params, SENTINEL_OPTIONS, fail);
  const [masterName, db = '0', ...rest] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (!masterName) fail('the master group name is missing');
  if (rest.length > 0 || !/^\d{1,2}$/.test(db)) fail(`"${db}" is not a database number`);
  return {
    mode,
    ...credentials,
    sentinels: parseNodes(hostList!, 26379, fail),
    masterName: masterName!,
    db: Number(db),
    ...optional('sentinelUsername', params.get('sentinelUsername')),
    ...optional('sentinelPassword', params.get('sentinelPassword')),
  };
}

function parseAuth(
  auth: string | undefined,
  fail: (what: string) => never,
): Pick<SharedOptions, 'username' | 'password'> {
  if (auth === undefined || auth === '') return {};
  const colon = auth.indexOf(':');
  try {
    const username = decodeURIComponent(colon < 0 ? auth : auth.slice(0, colon));
    const password = colon < 0 ? undefined : decodeURIComponent(auth.slice(colon + 1));
    return { ...optional('username', username || undefined), ...optional('password', password) };
  } catch {
    return fail('the user or password has malformed percent-encoding');
  }
}

function parseNodes(list: string, defaultPort: number, fail: (what: string) => never): RedisNode[] {
  return list.split(',').map((entry) => {
    const node = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(entry.trim());
    const port = node?.[3] === undefined ? defaultPort : Number(node[3]);
    if (!node || port < 1 || port > 65535) return fail(`"${entry}" is not a host[:port]`);
    return { host: node[1] ?? node[2]!, port };
  });
}

function rejectUnknown(
  params: URLSearchParams,
  known: readonly string[],
  fail: (what: string) => never,
): void {
  for (const key of params.keys()) {
    if (!known.includes(key)) {
      fail(`unknown option "${key}"${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    }
  }
}

function optional<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]?: string });
}
