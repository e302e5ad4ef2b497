import { EventEmitter } from 'node:events';
import type { PgNotification, PgQueryResult } from 'bullmq';
import type pg from 'pg';
import { PgliteClient } from './pglite-client';
import { SessionLock } from './session-lock';

/**
 * A pg.Pool look-alike over one embedded PGlite session, enough for BullMQ's PostgreSQL backend:
 * connect/release/query/end, a growable `options.max`, and NOTIFY fanned out to every client.
 * BullMQ keeps one client per Worker for LISTEN, so `max` must stay above their number (the
 * transport grows it per consumer).
 */
export class PglitePool extends EventEmitter {
  readonly options: { max: number };
  private readonly lock = new SessionLock();
  private readonly clients = new Set<PgliteClient>();
  private readonly idle: PgliteClient[] = [];
  private readonly waiting: ((client: PgliteClient) => void)[] = [];
  private ended = false;
  /** Clients being opened count against `max` too, or concurrent first checkouts overshoot it. */
  private opening = 0;

  constructor(
    /** A connected node-postgres client on the PGlite adapter. */
    private readonly openClient: () => Promise<pg.Client>,
    max: number,
  ) {
    super();
    this.options = { max };
    this.setMaxListeners(0); // every BullMQ connection on this shared pool adds an 'error' listener
  }

  async connect(): Promise<PgliteClient> {
    // Same wording as pg-pool: BullMQ recognises it while closing.
    if (this.ended) throw new Error('Cannot use a pool after calling end on the pool');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.clients.size + this.opening < this.options.max) return this.create();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async query<R = unknown>(text: string, params?: readonly unknown[]): Promise<PgQueryResult<R>> {
    const client = await this.connect();
    try {
      return await client.query<R>(text, params);
    } finally {
      client.release();
    }
  }

  release(client: PgliteClient, destroy: boolean): void {
    if (destroy || this.ended) {
      this.clients.delete(client);
      void client.end();
      const next = this.waiting.shift();
      if (next && !this.ended) void this.create().then(next);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(client);
    else this.idle.push(client);
  }

  async end(): Promise<void> {
    this.ended = true;
    const clients = [...this.clients];
    this.clients.clear();
    this.idle.length = 0;
    await Promise.all(clients.map((c) => c.end()));
  }

  private async create(): Promise<PgliteClient> {
    this.opening++;
    let raw: pg.Client;
    try {
      raw = await this.openClient();
    } finally {
      this.opening--;
    }
    const client = new PgliteClient(raw, this.lock, this);
    raw.on('notification', (message: PgNotification) => this.broadcast(message));
    this.clients.add(client);
    this.emit('connect', client);
    return client;
  }

  /** Every client sees each notification once, whichever client's response carried it. */
  private broadcast(message: PgNotification): void {
    for (const client of this.clients) client.emit('notification', message);
  }
}
