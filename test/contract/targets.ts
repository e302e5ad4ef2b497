import { redisUrl } from '../helpers/bus';

/**
 * Every transport that claims the delivery semantics runs the same contract. A transport that
 * cannot offer a capability declares it here (with the reason in docs/), and the contract then
 * asserts the clear "unsupported" error instead of skipping.
 */
export interface ContractTarget {
  name: string;
  dsn: () => string;
  /** Extra slack for timing bands (delayed-job promotion latency of the store). */
  latencyMs: number;
}

export const contractTargets: ContractTarget[] = [
  { name: 'memory', dsn: () => 'memory://', latencyMs: 50 },
  { name: 'redis', dsn: redisUrl, latencyMs: 250 },
];
