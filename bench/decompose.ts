import type { BenchContext, Side } from './bench-case';
import { envelopeJob, plainJob, symphonyJob } from './job-shapes';
import { median, type Measurement } from './measure';
import { rawDispatchBulk, rawDispatchOne, rawDrain } from './raw-drivers';
import { benchRedis } from './redis';
import { redisCpuProbe } from './redis-cpu';
import { redisStore } from './stores';
import { symphonyDispatchBatch, symphonyDispatchOne, symphonyDrain } from './symphony-drivers';
import { markdownTable } from './table';
import { reportBenchFailure } from './bench-errors';

/**
 * Where Symphony's time goes, step by step: raw BullMQ storing first the plain body, then
 * Symphony's envelope, then Symphony's exact job (the job id), and finally Symphony itself
 * (whose Redis workers write the per-minute metrics in batches, not per message). The gap between
 * the last raw step and Symphony is Symphony's own code; the rest is what it stores and asks of BullMQ.
 *   node --import tsx bench/decompose.ts [repeats] [title filter, e.g. drain]
 */
interface Step {
  label: string;
  side: Side;
}
interface Scenario {
  title: string;
  messages: number;
  steps: Step[];
}

const scenarios: Scenario[] = [
  {
    title: 'dispatch, one at a time',
    messages: 8000,
    steps: [
      { label: 'raw add(body)', side: rawDispatchOne(redisStore, 'd1', plainJob) },
      { label: 'raw add(envelope)', side: rawDispatchOne(redisStore, 'd1', envelopeJob) },
      {
        label: 'raw add(envelope, jobId)',
        side: rawDispatchOne(redisStore, 'd1', symphonyJob),
      },
      { label: 'symphony.dispatch', side: symphonyDispatchOne(redisStore, 'd1', { priorities: false }) },
    ],
  },
  {
    title: 'dispatch in batches of 1000',
    messages: 20_000,
    steps: [
      { label: 'raw addBulk(body)', side: rawDispatchBulk(redisStore, 'db', plainJob) },
      { label: 'raw addBulk(envelope)', side: rawDispatchBulk(redisStore, 'db', envelopeJob) },
      {
        label: 'raw addBulk(envelope, jobId)',
        side: rawDispatchBulk(redisStore, 'db', symphonyJob),
      },
      {
        label: 'symphony.dispatchBatch',
        side: symphonyDispatchBatch(redisStore, 'db', { priorities: false }),
      },
    ],
  },
  {
    title: 'drain, concurrency 1',
    messages: 5000,
    steps: [
      { label: 'raw worker, body jobs', side: rawDrain(redisStore, 'dr', plainJob, 1) },
      { label: 'raw worker, Symphony jobs', side: rawDrain(redisStore, 'dr', symphonyJob, 1) },
      { label: 'symphony.consume', side: symphonyDrain(redisStore, 'dr', { priorities: false }, 1) },
    ],
  },
];

async function runScenario(scenario: Scenario, ctx: BenchContext, repeats: number): Promise<string> {
  for (const step of scenario.steps) await step.side(ctx, scenario.messages); // warm-up
  const runs: Measurement[][] = scenario.steps.map(() => []);
  for (let rep = 0; rep < repeats; rep++) {
    // rotate the starting step so no step always runs right after the same neighbour
    for (let k = 0; k < scenario.steps.length; k++) {
      const s = (k + rep) % scenario.steps.length;
      runs[s]!.push(await scenario.steps[s]!.side(ctx, scenario.messages));
    }
  }
  const base = runs[0]!;
  const rows = scenario.steps.map((step, s) => {
    const mine = runs[s]!;
    return [
      step.label,
      Math.round(median(mine.map((m) => m.rate))).toLocaleString('en-US'),
      median(mine.map((m, i) => m.rate / base[i]!.rate)).toFixed(2),
      median(mine.map((m) => m.nodeCpuUs)).toFixed(1),
      median(mine.map((m) => m.redisCpuUs)).toFixed(1),
    ];
  });
  return (
    `${scenario.title}\n` +
    markdownTable(['step', 'msgs/s', 'vs first', 'node µs/msg', 'redis µs/msg'], rows, new Set([1, 2, 3, 4]))
  );
}

async function main(): Promise<void> {
  const repeats = Number(process.argv[2] ?? 7);
  const redis = await benchRedis();
  const cpu = redisCpuProbe(redis.url);
  try {
    const ctx = { redisUrl: redis.url, redisCpu: cpu.probe };
    console.log(`decomposition, median of ${repeats} rotated rounds; Symphony logger 'silent'\n`);
    const filter = process.argv[3] ?? '';
    for (const scenario of scenarios.filter((s) => s.title.includes(filter)))
      console.log((await runScenario(scenario, ctx, repeats)) + '\n');
  } finally {
    await cpu.close();
    await redis.stop();
  }
}

main().catch(reportBenchFailure);
