import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Queue } from 'bullmq';
import type { Symphony } from '../../src/bus/symphony';
import type { BullMqTransport } from '../../src/transport/bullmq/bullmq-transport';
import { closeTestBuses, eventually, redisUrl, testBus, uniquePrefix } from '../helpers/bus';
import chattyApp, { chatty } from '../fixtures/chatty-app';

afterEach(closeTestBuses);

const ROOT = path.resolve(__dirname, '../..');
const MESSAGES = 1000;
/** Killed once this many messages are completed: far more lines than a pipe buffer holds. */
const KILL_AFTER = 200;

/**
 * Finding 8 of issue 12: the contract is one log line per delivery. A worker is SIGKILLed right
 * after KILL_AFTER messages were acknowledged, while its stdout is read slowly (a busy log
 * collector): every acknowledged message must have its "message handled" line in what the process
 * wrote. Lines written asynchronously were still queued in the process and died with it.
 */
describe('worker process SIGKILLed mid-drain', () => {
  it('has written the line of every message it acknowledged', async () => {
    const prefix = uniquePrefix();
    const bus = testBus(chattyApp, { redisPrefix: prefix });
    for (let start = 0; start < MESSAGES; start += 500) {
      await bus.dispatchBatch(
        Array.from({ length: 500 }, (_, i) => ({ type: chatty.type, body: { n: start + i } })),
      );
    }

    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SYMPHONY_TRANSPORT_DSN: redisUrl(),
        SYMPHONY_REDIS_PREFIX: prefix,
        SYMPHONY_APP: path.resolve(__dirname, '../fixtures/chatty-app.ts'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    const output: string[] = [];
    // A slow reader: a chunk, then a pause, so the pipe is full most of the time.
    worker.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output.push(chunk);
      worker.stdout!.pause();
      setTimeout(() => worker.stdout!.resume(), 100).unref();
    });
    try {
      await eventually(async () => (await completedCount(bus)) >= KILL_AFTER, Boolean, 120_000);
      worker.kill('SIGKILL');
      await exited;
      worker.stdout!.resume();
      await new Promise((resolve) =>
        worker.stdout!.readableEnded ? resolve(undefined) : worker.stdout!.once('end', resolve),
      );
    } finally {
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    }

    const logged = new Set(
      output
        .join('')
        .split('\n')
        .filter((line) => line.includes('"message handled"'))
        .map((line) => String((JSON.parse(line) as { id: string }).id)),
    );
    const completed = (await bullQueue(bus).getCompleted(0, -1)).map((job) => job.id!);
    expect(completed.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(completed.filter((id) => !logged.has(id))).toEqual([]);
  });
});

const bullQueue = (bus: Symphony): Queue =>
  (bus.queues.transport('chatty') as unknown as BullMqTransport).queue('chatty');

const completedCount = async (bus: Symphony) => (await bus.stats(['chatty'])).chatty!.completed;
