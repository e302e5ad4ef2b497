import type { Symphony } from '../bus/symphony';
import type { Logger } from '../logger';
import type { Transport } from '../transport/transport';

export interface ReadinessCheck {
  transport: string;
  queues: string[];
  ok: boolean;
  /** Why not, in a few words safe to show an unauthenticated probe (no host names or DSNs). */
  reason?: string;
}

/**
 * Seam for SQL transports (postgres://, pglite://): a transport that exposes `schemaStatus()` is
 * ready only when its schema is current.
 */
interface SchemaAware {
  schemaStatus(): Promise<{ current: number; required: number; upToDate: boolean }>;
}

const hasSchema = (t: Transport): t is Transport & SchemaAware =>
  typeof (t as Partial<SchemaAware>).schemaStatus === 'function';

/** One round trip per transport (not per queue), each bounded by `timeoutMs`. */
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
  const checks = await Promise.all(
    [...byDsn.values()].map((queues) =>
      checkOne(symphony.queues.transport(queues[0]!), queues, timeoutMs, logger),
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
    await withTimeout(transport.counts(queues[0]!), timeoutMs);
    if (hasSchema(transport)) {
      const schema = await withTimeout(transport.schemaStatus(), timeoutMs);
      if (!schema.upToDate) {
        return {
          ...check,
          ok: false,
          reason: `schema at ${schema.current}, needs ${schema.required}: run the migration`,
        };
      }
    }
    return { ...check, ok: true };
  } catch (error) {
    logger.warn(
      { transport: transport.kind, queues, error: (error as Error).message },
      'readiness check failed',
    );
    return { ...check, ok: false, reason: 'unreachable' };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
