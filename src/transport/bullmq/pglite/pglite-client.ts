import { EventEmitter } from 'node:events';
import type { PgQueryResult } from 'bullmq';
import type pg from 'pg';
import type { SessionLock } from './session-lock';

const BEGINS = /^\s*(BEGIN|START\s+TRANSACTION)\b[^;]*;?\s*$/i;
const ENDS = /^\s*(COMMIT|END|ABORT|ROLLBACK(?!\s+TO\b))\b/i;

export interface ClientOwner {
  release(client: PgliteClient, destroy: boolean): void;
}

/**
 * One pooled client of the embedded store: a node-postgres client on PGlite's node-postgres
 * adapter, with the session lock taken per query, or from BEGIN to COMMIT/ROLLBACK.
 * Notifications are not forwarded here: the pool fans them out to every client (PGlite only
 * delivers them in the response of whichever client's query was running).
 */
export class PgliteClient extends EventEmitter {
  private transaction: (() => void) | undefined;

  constructor(
    private readonly raw: pg.Client,
    private readonly lock: SessionLock,
    private readonly owner: ClientOwner,
  ) {
    super();
    raw.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    raw.on('end', () => this.emit('end'));
  }

  async query<R = unknown>(text: string, params?: readonly unknown[]): Promise<PgQueryResult<R>> {
    if (this.transaction) {
      try {
        return await this.run<R>(text, params);
      } finally {
        if (ENDS.test(text)) this.endTransaction();
      }
    }
    const release = await this.lock.acquire();
    let opened = false;
    try {
      const result = await this.run<R>(text, params);
      opened = BEGINS.test(text);
      return result;
    } finally {
      if (opened) this.transaction = release;
      else release();
    }
  }

  /** Back to the pool; a transaction left open is rolled back and the client discarded. */
  release(destroy = false): void {
    if (this.transaction) {
      // Ending the client first would drop the ROLLBACK's reply and keep the session locked.
      void this.raw
        .query('ROLLBACK')
        .catch(() => undefined)
        .then(() => {
          this.endTransaction();
          this.owner.release(this, true);
        });
      return;
    }
    this.owner.release(this, destroy);
  }

  end(): Promise<void> {
    return this.raw.end().catch(() => undefined);
  }

  private async run<R>(text: string, params?: readonly unknown[]): Promise<PgQueryResult<R>> {
    const result = await this.raw.query(text, params as unknown[] | undefined);
    return result as unknown as PgQueryResult<R>;
  }

  private endTransaction(): void {
    const release = this.transaction;
    this.transaction = undefined;
    release?.();
  }
}
