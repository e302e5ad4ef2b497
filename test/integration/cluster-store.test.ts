import { MemoryAlertStateStore, MemoryLeaseStore } from '../../src/monitoring/memory-cluster-store';
import type { ClusterStore } from '../../src/monitoring/cluster-store';
import { openCluster } from '../../src/monitoring/open-cluster';
import { testApp } from '../fixtures/test-app';
import { closeTestBuses, eventually, redisUrl, testBus } from '../helpers/bus';
import { dropTestSchemas, pgliteDsn, postgresDsn, removePgliteDirs } from '../helpers/sql';

afterEach(closeTestBuses);
afterAll(async () => {
  await dropTestSchemas();
  removePgliteDirs();
});

/** The lease and the alert states on every store a deployment can share them in. */
const stores: { name: string; open: () => ClusterStore }[] = [
  {
    name: 'memory',
    open: () => ({
      leases: new MemoryLeaseStore(),
      alertStates: new MemoryAlertStateStore(),
      close: async () => undefined,
    }),
  },
  { name: 'redis', open: () => openCluster(testBus(testApp(), { defaultDsn: redisUrl() })) },
  { name: 'postgres', open: () => openCluster(testBus(testApp(), { defaultDsn: postgresDsn() })) },
  { name: 'pglite', open: () => openCluster(testBus(testApp(), { defaultDsn: pgliteDsn() })) },
];

describe.each(stores)('cluster store on $name', ({ open }) => {
  let store: ClusterStore;
  beforeEach(() => (store = open()));
  afterEach(() => store.close());

  it('one holder at a time: renewed by its holder, refused to others, taken once it expires', async () => {
    const { leases } = store;
    expect(await leases.acquire('alerts', 'a', 60_000)).toBe(true);
    expect(await leases.acquire('alerts', 'b', 60_000)).toBe(false);
    expect(await leases.acquire('alerts', 'a', 60_000)).toBe(true); // renewal
    expect(await leases.holder('alerts')).toBe('a');
    expect(await leases.acquire('gauges', 'b', 60_000)).toBe(true); // another name, another lease
    // a short lease that its holder stops renewing (it died) goes to the next asker
    expect(await leases.acquire('short', 'a', 300)).toBe(true);
    await eventually(() => leases.acquire('short', 'b', 60_000));
    expect(await leases.holder('short')).toBe('b');
    expect(await leases.acquire('short', 'a', 60_000)).toBe(false); // a late renewal does not steal it back
  });

  it('a released lease is free at once, and only its holder can release it', async () => {
    const { leases } = store;
    await leases.acquire('alerts', 'a', 60_000);
    await leases.release('alerts', 'b');
    expect(await leases.holder('alerts')).toBe('a');
    await leases.release('alerts', 'a');
    expect(await leases.holder('alerts')).toBeUndefined();
    expect(await leases.acquire('alerts', 'b', 60_000)).toBe(true);
  });

  it('keeps alert states by rule, merged on write', async () => {
    const { alertStates } = store;
    expect(await alertStates.all()).toEqual({});
    await alertStates.put({ a: { status: 'firing', since: 1 }, b: { status: 'ok', since: null } });
    await alertStates.put({ a: { status: 'ok', since: 2 } });
    expect(await alertStates.all()).toEqual({
      a: { status: 'ok', since: 2 },
      b: { status: 'ok', since: null },
    });
  });
});
