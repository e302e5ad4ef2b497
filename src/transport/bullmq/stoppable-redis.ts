import type { Redis } from 'ioredis';

/** What ioredis does on a final close (its closeHandler), reachable from outside. */
interface ClosingInternals {
  setStatus(status: 'end'): void;
  flushQueue(error: Error): void;
}

/**
 * Makes an ioredis client stoppable while it waits to reconnect. ioredis's disconnect() in the
 * `reconnecting` state cancels the retry timer but never reaches `end`: no socket is left to emit
 * `close`, so pending commands never settle and BullMQ's Worker.close() (which waits for `end` on
 * its blocking connection) hangs for the whole outage (redis/ioredis#1247, #2169). Here the
 * stranded client ends at once, as a connected one would. Its duplicates (BullMQ's blocking
 * connections) get the same treatment.
 */
export function stoppable<T extends Redis>(client: T): T {
  const disconnect = client.disconnect.bind(client);
  client.disconnect = (reconnect = false) => {
    const stranded = !reconnect && client.status === 'reconnecting';
    disconnect(reconnect);
    if (stranded && client.status === 'reconnecting') {
      const internals = client as unknown as ClosingInternals;
      internals.setStatus('end');
      internals.flushQueue(new Error('Connection is closed.'));
    }
  };
  const duplicate = client.duplicate.bind(client);
  const copies = new Set<Redis>();
  duplicates.set(client, copies);
  client.duplicate = ((override?: Parameters<Redis['duplicate']>[0]) => {
    const copy = stoppable(duplicate(override));
    copies.add(copy);
    copy.once('end', () => copies.delete(copy));
    return copy;
  }) as T['duplicate'];
  return client;
}

const duplicates = new WeakMap<object, Set<Redis>>();

/** Ends a client and every duplicate made of it (BullMQ's blocking connections), at once. */
export function disconnectWithDuplicates(client: { disconnect(): void }): void {
  for (const copy of duplicates.get(client) ?? []) disconnectWithDuplicates(copy);
  client.disconnect();
}
