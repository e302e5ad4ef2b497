import { parseArgs } from 'node:util';
import { STORE_KINDS, type StoreKind } from './lib/stores';
import type { ScenarioOutcome } from './lib/session';
import { failover } from './scenarios/failover';
import { postgresDeadlock, postgresRestart } from './scenarios/postgres-findings';
import { sigtermDuringOutage } from './scenarios/sigterm-outage';
import { storeOutage } from './scenarios/store-outage';
import { unreadableMessages } from './scenarios/unreadable';
import { workerSigkill } from './scenarios/worker-sigkill';
import { formatTable, verdict, type ChaosRow } from './table';

interface ChaosScenario {
  name: string;
  stores: readonly StoreKind[];
  /** Kills a process (worker or server): duplicates up to the in-flight count are allowed. */
  crash: boolean;
  /** What the store setting itself allows (see ChaosRow.risk). */
  risk?: string;
  /** The stores it runs on in `--short` (CI). */
  short: readonly StoreKind[];
  run(store: StoreKind, options: { short: boolean }): Promise<ScenarioOutcome>;
}

const SCENARIOS: ChaosScenario[] = [
  {
    name: 'worker SIGKILL mid-drain',
    stores: STORE_KINDS,
    crash: true,
    short: ['redis'],
    run: workerSigkill,
  },
  {
    name: 'store kill -9, AOF always, restart',
    stores: ['redis', 'redis-cluster'],
    crash: true,
    short: ['redis', 'redis-cluster'],
    run: storeOutage({ how: 'crash', aof: 'always', downMs: 1000 }),
  },
  {
    name: 'store kill -9, AOF everysec, restart',
    stores: ['redis'],
    crash: true,
    risk: 'everysec: Redis answers before writing its AOF while an fsync is slow (up to 2 s)',
    short: [],
    run: storeOutage({ how: 'crash', aof: 'everysec', downMs: 1000 }),
  },
  {
    name: 'store kill -9 (WAL), restart',
    stores: ['postgres'],
    crash: true,
    short: [],
    run: storeOutage({ how: 'crash', downMs: 1000 }),
  },
  {
    name: 'master kill -9, Sentinel failover',
    stores: ['redis-sentinel'],
    crash: true,
    short: ['redis-sentinel'],
    run: failover('redis-sentinel'),
  },
  {
    name: 'master kill -9, cluster failover',
    stores: ['redis-cluster'],
    crash: true,
    short: [],
    run: failover('redis-cluster'),
  },
  {
    name: 'store down 3 s while dispatching',
    stores: ['redis', 'postgres'],
    crash: true,
    short: ['redis'],
    run: storeOutage({ how: 'stop', aof: 'everysec', downMs: 3000 }),
  },
  {
    name: 'SIGTERM to workers during an outage',
    stores: ['redis', 'postgres'],
    crash: true,
    short: ['redis'],
    run: sigtermDuringOutage,
  },
  {
    name: 'unreadable stored messages',
    stores: ['redis', 'postgres', 'redis-cluster'],
    crash: false,
    short: ['redis'],
    run: unreadableMessages,
  },
  {
    name: 'deadlock-prone drain under CPU load',
    stores: ['postgres'],
    crash: false,
    short: ['postgres'],
    run: postgresDeadlock,
  },
  {
    name: 'restart mid-drain (fast shutdown)',
    stores: ['postgres'],
    crash: true,
    short: ['postgres'],
    run: postgresRestart,
  },
];

/**
 * `npm run chaos [-- --short] [--store redis,postgres] [--only text]`: runs each scenario on each
 * store it applies to, prints one table, exits 1 when a row breaks the guarantees.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      store: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const stores = values.store ? (values.store.split(',') as StoreKind[]) : STORE_KINDS;
  const unknown = stores.filter((s) => !STORE_KINDS.includes(s));
  if (unknown.length) throw new Error(`Unknown store ${unknown.join(', ')}: use ${STORE_KINDS.join(', ')}`);
  const rows: ChaosRow[] = [];
  for (const scenario of SCENARIOS) {
    if (values.only && !scenario.name.includes(values.only)) continue;
    const on = values.short ? scenario.short : scenario.stores;
    for (const store of on.filter((s) => stores.includes(s))) {
      const began = Date.now();
      process.stderr.write(`chaos: ${store} / ${scenario.name} ...`);
      const outcome = await scenario
        .run(store, { short: values.short })
        .catch((error: Error): ScenarioOutcome => {
          if (process.env.CHAOS_DEBUG) process.stderr.write(`\n${error.stack}\n`);
          return {
            acknowledged: 0,
            handled: 0,
            lost: 0,
            duplicated: 0,
            inFlightBound: 0,
            problems: [`scenario failed: ${error.message}`],
          };
        });
      const row = {
        store,
        scenario: scenario.name,
        crash: scenario.crash,
        ...(scenario.risk ? { risk: scenario.risk } : {}),
        tookMs: Date.now() - began,
        ...outcome,
      };
      process.stderr.write(` ${verdict(row).label} (${Math.round(row.tookMs / 1000)} s)\n`);
      rows.push(row);
    }
  }
  process.stdout.write(formatTable(rows));
  process.exitCode = rows.some((row) => verdict(row).label === 'FAIL') ? 1 : 0;
}

void main().catch((error: Error) => {
  process.stderr.write(`chaos: ${error.message}\n`);
  process.exitCode = 2;
});
