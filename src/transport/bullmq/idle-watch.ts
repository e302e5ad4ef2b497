/**
 * Resolves once `inFlight()` has read 0 at `polls` checks in a row, `everyMs` apart; `cancel`
 * stops watching. A consumer closing gracefully uses it to tell "still finishing a message" from
 * "idle, but the close waits on a store that does not answer".
 */
export function whenIdle(
  inFlight: () => number,
  everyMs: number,
  polls: number,
): { idle: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<void>((resolve) => {
    let quiet = 0;
    timer = setInterval(() => {
      quiet = inFlight() === 0 ? quiet + 1 : 0;
      if (quiet >= polls) resolve();
    }, everyMs);
  });
  return { idle, cancel: () => clearInterval(timer) };
}
