/**
 * The raw-BullMQ counterpart of a Symphony batch handler: each job's processor call parks until
 * `size` are waiting (or `maxWaitMs` passed since the first), then the batch is handled at once
 * and every parked call returns. This is what a BullMQ user writes by hand for batching.
 */
export function rawBatcher(
  size: number,
  maxWaitMs: number,
  handleBatch: (count: number) => void,
): () => Promise<void> {
  let parked: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const batch = parked;
    parked = [];
    handleBatch(batch.length);
    batch.forEach((release) => release());
  };
  return () =>
    new Promise<void>((resolve) => {
      parked.push(resolve);
      if (parked.length >= size) flush();
      else timer ??= setTimeout(flush, maxWaitMs);
    });
}
