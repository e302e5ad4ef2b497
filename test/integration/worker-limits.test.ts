import fs from 'node:fs';
import path from 'node:path';
import { workerTestbed } from '../fixtures/worker-testbed';
import { type CliProcess } from '../fixtures/cli-process';
import { slowWork } from '../fixtures/slow-app';

describe('worker process: limits', () => {
  const bed = workerTestbed();
  const { worker } = bed;

  const stopped = (cli: CliProcess) => cli.logs.find((l) => l.msg === 'worker stopped');

  it('--limit N handles N messages, leaves the rest queued and exits 0', async () => {
    const file = path.join(bed.dir, 'work.log');
    for (const label of ['a', 'b', 'c', 'd']) await bed.bus.dispatch(slowWork, { file, ms: 0, label });

    const cli = worker('--limit', '2', '--concurrency', '1');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });

    expect(stopped(cli)).toMatchObject({ reason: 'limit', processed: 2, forced: false });
    expect(cli.logs.filter((l) => l.outcome === 'handled')).toHaveLength(2);
    expect(fs.readFileSync(file, 'utf8').match(/^done /gm)).toHaveLength(2);
    const counts = (await bed.bus.stats(['slow'])).slow!;
    expect(counts).toMatchObject({ completed: 2, active: 0, failed: 0 });
    expect(counts.waiting + counts.prioritized).toBe(2);
  });

  it('--limit N stops after N messages even when the worker may take many at once', async () => {
    const file = path.join(bed.dir, 'work.log');
    for (let i = 0; i < 12; i++) await bed.bus.dispatch(slowWork, { file, ms: 50, label: `m${i}` });

    const cli = worker('--limit', '3', '--concurrency', '10');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });

    expect(stopped(cli)).toMatchObject({ reason: 'limit', processed: 3 });
    expect(cli.logs.filter((l) => l.outcome === 'handled')).toHaveLength(3);
    const counts = (await bed.bus.stats(['slow'])).slow!;
    expect(counts.completed).toBe(3);
    expect(counts.waiting + counts.prioritized).toBe(9);
  });

  it('--time-limit stops an idle worker with exit 0', async () => {
    const cli = worker('--time-limit', '1');
    await cli.waitForLog((l) => l.msg === 'worker started');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(stopped(cli)).toMatchObject({ reason: 'time-limit', processed: 0 });
  });

  it('--time-limit lets the message in hand finish before stopping', async () => {
    const file = path.join(bed.dir, 'work.log');
    await bed.bus.dispatch(slowWork, { file, ms: 1500 });
    const cli = worker('--time-limit', '1');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(stopped(cli)).toMatchObject({ reason: 'time-limit', processed: 1, forced: false });
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^done /m);
    expect((await bed.bus.stats(['slow'])).slow).toMatchObject({ completed: 1, active: 0 });
  });

  it('--memory-limit stops the worker once resident memory exceeds it', async () => {
    const cli = worker('--memory-limit', '64'); // the smallest allowed, below any worker's footprint
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(stopped(cli)).toMatchObject({ reason: 'memory-limit' });
  });

  it('SIGINT stops an idle worker with exit 0', async () => {
    const cli = worker();
    await cli.waitForLog((l) => l.msg === 'worker started');
    cli.child.kill('SIGINT');
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(stopped(cli)).toMatchObject({ reason: 'signal', processed: 0, forced: false });
  });

  it('refuses an unknown queue before starting, with exit 1 and no stack trace', async () => {
    const cli = worker('--queues', 'nope');
    expect(await cli.waitForExit()).toEqual({ code: 1, signal: null });
    expect(cli.stderr).toContain('"nope" is not declared; known queues: slow');
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(cli.logs.find((l) => l.msg === 'worker started')).toBeUndefined();
  });
});
