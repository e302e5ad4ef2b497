import { formatTable } from '../../../src/cli/stats.command';
import { EMPTY_COUNTS } from '../../../src/transport/transport';

describe('formatTable', () => {
  it('prints a header and one aligned row per queue, numbers right-aligned', () => {
    const table = formatTable({
      emails: { waiting: 1, active: 0, delayed: 12, prioritized: 3, completed: 12345, failed: 0 },
      sms: { ...EMPTY_COUNTS, failed: 7 },
    });
    expect(table).toBe(
      [
        'queue   waiting  active  delayed  prioritized  completed  failed',
        'emails        1       0       12            3      12345       0',
        'sms           0       0        0            0          0       7',
        '',
      ].join('\n'),
    );
  });

  it('widens the first column for long queue names', () => {
    const lines = formatTable({ 'a-very-long-queue-name': EMPTY_COUNTS }).split('\n');
    expect(lines[0]).toMatch(/^queue {19}waiting/);
    expect(lines[1]).toMatch(/^a-very-long-queue-name {8}0/);
    expect(lines[0]!.length).toBe(lines[1]!.length);
  });

  it('prints only the header when there are no queues', () => {
    expect(formatTable({})).toBe('queue  waiting  active  delayed  prioritized  completed  failed\n');
  });
});
