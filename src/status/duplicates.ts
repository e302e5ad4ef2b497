import type { Symphony } from '../bus/symphony';
import type { DuplicateRecord } from '../transport/capabilities';

/** The idempotency keys with the latest duplicates, over every transport that counts them. */
export async function recentDuplicates(symphony: Symphony, limit = 50): Promise<DuplicateRecord[]> {
  const found = await Promise.all(symphony.transports().map((t) => t.dedupStats?.recent(limit) ?? []));
  return found
    .flat()
    .sort((a, b) => b.lastAt.localeCompare(a.lastAt))
    .slice(0, limit);
}
