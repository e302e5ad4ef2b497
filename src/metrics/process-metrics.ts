import type { Symphony } from '../bus/symphony';
import type { GaugeExport } from '../monitoring/cluster-monitor';
import { clearClusterGauges, gaugeNeeds, updateClusterGauges } from './cluster-gauges';
import { createMetrics, type SymphonyMetrics } from './registry';

/** A process's metrics and the cluster gauges it exports while it holds their lease (needs prom-client). */
export function processMetrics(): {
  metrics: SymphonyMetrics;
  gauges: (symphony: Symphony) => GaugeExport;
} {
  const metrics = createMetrics();
  return {
    metrics,
    gauges: (symphony) => ({
      needs: gaugeNeeds(symphony),
      update: (snapshot) => updateClusterGauges(metrics, snapshot),
      clear: () => clearClusterGauges(metrics),
    }),
  };
}
