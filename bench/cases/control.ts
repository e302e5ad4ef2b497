import { PAIRS, type BenchCase, type CaseDefinition } from '../bench-case';
import { redisStore } from '../stores';

/**
 * A case's raw side against itself, by the same method as the cases (warm-ups, alternating pairs,
 * median of the pair ratios), on Redis: what ratio and spread the machine gives two identical sides
 * in this run. A case's ratio within that spread of 1.00 cannot be told from no overhead at all.
 */
export function controlCase(definition: CaseDefinition): BenchCase {
  return {
    id: `control-${definition.id}`,
    title: `control: raw against raw, ${definition.title}`,
    ...definition.sizes.redis,
    pairs: PAIRS.redis,
    store: 'redis',
    control: true,
    // two sides built alike: each opens its own fresh queue per run, as the cases' sides do
    raw: definition.raw(redisStore),
    symphony: definition.raw(redisStore),
  };
}
