import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Shadow mode: the bus handles the same rows as the legacy job, but its providers must record what
 * they would send instead of sending. The write-back runs shadow deliveries inside this scope;
 * a provider asks `isRecordOnly()` before it talks to the outside world.
 */
const scope = new AsyncLocalStorage<true>();

export const runRecordOnly = <T>(work: () => Promise<T>): Promise<T> => scope.run(true, work);

export const isRecordOnly = (): boolean => scope.getStore() === true;
