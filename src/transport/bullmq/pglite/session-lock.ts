/**
 * A FIFO mutex. Every pooled client of the embedded store talks to the same PGlite session, so a
 * query (and a whole transaction) must own that session while it runs: interleaved extended-protocol
 * messages from two clients, or one client's statement landing inside another's transaction, would
 * corrupt both.
 */
export class SessionLock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves, once every earlier holder has released, with this holder's (idempotent) release. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Each turn starts on a fresh turn of the event loop: PGlite answers without real I/O, so a
    // busy caller (BullMQ's fetch loop when a global concurrency cap is reached) would otherwise
    // chain queries forever and starve timers, handlers included.
    const turn = this.tail.then(
      () => new Promise<() => void>((resolve) => setImmediate(() => resolve(release))),
    );
    this.tail = this.tail.then(() => held);
    return turn;
  }
}
