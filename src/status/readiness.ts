import type { Symphony } from '../bus/symphony';
import { SymphonyError, TransportUnavailableError } from '../errors';
import type { Logger } from '../logger';
import type { Transport } from '../transport/transport';

export interface ReadinessCheck {
  transport: string;
  queues: string[];
  ok: boolean;
  /**
   * Why not, safe to show an unauthenticated probe: an error code such as DB_SCHEMA_OUTDATED or
   * DB_UNREACHABLE, or "unreachable"; never a host name or DSN (those go to the log).
   */
  reason?: string;
}

/**
 * One round trip per transport (not per queue), each bounded by `timeoutMs` except in-process
 * stores. SQL transports (postgres://, pglite://) check their schema before any query, so a schema
 * that is behind fails here with DB_SCHEMA_OUTDATED.
 */
export async function checkReadiness(
  symphony: Symphony,
  logger: Logger,
  timeoutMs = 2000,
): Promise<{ ready: boolean; checks: ReadinessCheck[] }> {
  const byDsn = new Map<string, string[]>();
  for (const queue of symphony.queues.names()) {
    const dsn = symphony.queues.dsn(queue);
    byDsn.set(dsn, [...(byDsn.get(dsn) ?? []), queue]);
  }
  // never longer than a producer waits for its store (SYMPHONY_STORE_TIMEOUT_MS)
  const budgetMs = Math.min(timeoutMs, symphony.config.storeTimeoutMs);
  const checks = await Promise.all(
    [...byDsn.values()].map((queues) =>
      checkOne(symphony.queues.transport(queues[0]!), queues, budgetMs, logger),
    ),
  );
  return { ready: checks.every((c) => c.ok), checks };
}

async function checkOne(
  transport: Transport,
  queues: string[],
  timeoutMs: number,
  logger: Logger,
): Promise<ReadinessCheck> {
  const check = { transport: transport.kind, queues };
  try {
    // An in-process store cannot be unreachable, only slow to open (a first start runs initdb on a
    // loaded machine for many seconds): it gets no time budget, its own errors still show.
    const answer = transport.counts(queues[0]!);
    await (IN_PROCESS.has(transport.kind) ? answer : withTimeout(answer, timeoutMs));
    return { ...check, ok: true };
  } catch (error) {
    logger.warn(
      { transport: transport.kind, queues, error: (error as Error).message },
      'readiness check failed',
    );
    return { ...check, ok: false, reason: reasonOf(error) };
  }
}

const IN_PROCESS = new Set(['pglite', 'memory', 'sync']);

/** A store that did not answer is "unreachable" whoever noticed (the timer here or the producer's bound). */
function reasonOf(error: unknown): string {
  if (error instanceof TransportUnavailableError || !(error instanceof SymphonyError)) return 'unreachable';
  return error.code;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
