import type { PgQueryable } from 'bullmq';
import {
  SqlCompletedRetention,
  sqlJobRetention,
} from '../../../src/transport/bullmq/sql-completed-retention';

/** A database that answers the edge query with two rows and each delete with the next count given. */
class FakeDb implements PgQueryable {
  readonly statements: string[] = [];
  private gate: Promise<void> = Promise.resolve();
  release: () => void = () => undefined;

  constructor(private readonly deletes: number[] = []) {}

  /** Queries wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  async query<R>(text: string): Promise<{ rows: R[] }> {
    const deleting = text.includes('DELETE');
    this.statements.push(deleting ? 'delete' : 'edge');
    await this.gate;
    const rows = deleting
      ? [{ deleted: String(this.deletes.shift() ?? 0) }]
      : [{ finished: '2' }, { finished: '1' }];
    return { rows: rows as R[] };
  }
}

describe('SqlCompletedRetention', () => {
  it('trims once a quarter of what is kept has completed', async () => {
    const db = new FakeDb();
    const retention = new SqlCompletedRetention(db, 'symphony', 1000);
    expect(retention.every).toBe(250);
    for (let i = 0; i < 249; i++) retention.completed('mail');
    await retention.settled();
    expect(db.statements).toEqual([]);
    retention.completed('mail');
    await retention.settled();
    expect(db.statements).toEqual(['edge', 'delete']);
  });

  it('counts queues apart, and trims after each completion when little is kept', async () => {
    const db = new FakeDb();
    const retention = new SqlCompletedRetention(db, 'symphony', 2);
    expect(retention.every).toBe(1);
    retention.completed('mail');
    retention.completed('sms');
    await retention.settled();
    expect(db.statements).toEqual(['edge', 'edge', 'delete', 'delete']);
  });

  it('runs one trim at a time per queue and starts the next for what completed meanwhile', async () => {
    const db = new FakeDb();
    const retention = new SqlCompletedRetention(db, 'symphony', 4);
    db.hold();
    retention.completed('mail');
    retention.completed('mail'); // during the first trim
    retention.completed('mail');
    expect(db.statements).toEqual(['edge']);
    db.release();
    await retention.settled();
    expect(db.statements).toEqual(['edge', 'delete', 'edge', 'delete']);
  });

  it('deletes a large backlog in batches until one comes back short', async () => {
    const db = new FakeDb([1000, 1000, 7]);
    expect(await new SqlCompletedRetention(db, 'symphony', 10).trim('mail')).toBe(2007);
    expect(db.statements).toEqual(['edge', 'delete', 'delete', 'delete']);
  });

  it('survives a failing trim: the next completions trim again', async () => {
    let fail = true;
    const db: PgQueryable = {
      query: async () => {
        if (fail) throw new Error('connection terminated');
        return { rows: [] };
      },
    };
    const retention = new SqlCompletedRetention(db, 'symphony', 1);
    retention.completed('mail');
    await retention.settled();
    fail = false;
    retention.completed('mail');
    await expect(retention.settled()).resolves.toBeUndefined();
  });

  it('stores what BullMQ applies per job: nothing for completions unless none is kept', () => {
    expect(sqlJobRetention({ completedCount: 1000, failedAgeSeconds: 60 })).toEqual({
      removeOnComplete: false,
      removeOnFail: { age: 60 },
    });
    expect(sqlJobRetention({ completedCount: 0, failedAgeSeconds: 60 }).removeOnComplete).toBe(true);
  });
});
