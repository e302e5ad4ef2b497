import type { Symphony } from '../../../src/bus/symphony';
import { defaultConfig } from '../../../src/config/config';
import { createLogger } from '../../../src/logger';
import { checkReadiness } from '../../../src/status/readiness';
import type { Transport } from '../../../src/transport/transport';
import { EMPTY_COUNTS } from '../../../src/transport/transport';

/** A bus of one queue on a transport whose first answer comes only when the test says so. */
function busOn(kind: string) {
  let answer!: () => void;
  const transport = {
    kind,
    counts: () => new Promise((resolve) => (answer = () => resolve(EMPTY_COUNTS))),
  } as unknown as Transport;
  const symphony = {
    config: defaultConfig(),
    queues: { names: () => ['q'], dsn: () => `${kind}://x`, transport: () => transport },
  } as unknown as Symphony;
  return { symphony, answer: () => answer() };
}

const silent = createLogger('silent');

describe('readiness', () => {
  it('gives an embedded store that is slow to open all the time it needs (a first start on a loaded machine)', async () => {
    const { symphony, answer } = busOn('pglite');
    const checking = checkReadiness(symphony, silent, 1);
    await new Promise((r) => setTimeout(r, 20)); // well past the budget of a networked store
    answer();
    await expect(checking).resolves.toMatchObject({ ready: true });
  });

  it('reports a networked store that does not answer within the budget as unreachable', async () => {
    const { symphony } = busOn('redis');
    await expect(checkReadiness(symphony, silent, 1)).resolves.toEqual({
      ready: false,
      checks: [{ transport: 'redis', queues: ['q'], ok: false, reason: 'unreachable' }],
    });
  });
});
