import type { FailedMessage, FailedStore } from '../transport/capabilities';

/** One queue's failed store, as the service reads it. */
export interface FailedSource {
  queue: string;
  store: FailedStore;
}

/** Reads one queue's failed set newest first, `chunk` messages per round trip. */
export async function* readNewestFirst(source: FailedSource, chunk: number): AsyncGenerator<FailedMessage> {
  for (let offset = 0; ; offset += chunk) {
    const page = await source.store.listFailed(source.queue, offset, offset + chunk - 1);
    yield* page;
    if (page.length < chunk) return;
  }
}

/**
 * Merges newest-first streams into one newest-first stream, holding one message per stream, so
 * listing across queues never loads more than a chunk per queue.
 */
export async function* mergeNewestFirst(
  streams: AsyncGenerator<FailedMessage>[],
): AsyncGenerator<FailedMessage> {
  const heads = await Promise.all(streams.map((s) => s.next()));
  try {
    for (;;) {
      let pick = -1;
      heads.forEach((head, i) => {
        if (head.done) return;
        const best = pick < 0 ? undefined : heads[pick];
        if (!best || best.done || head.value.failedAt > best.value.failedAt) pick = i;
      });
      if (pick < 0) return;
      const head = heads[pick]!;
      if (head.done) return;
      yield head.value;
      heads[pick] = await streams[pick]!.next();
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}
