import fs from 'node:fs';
import path from 'node:path';
import { portCrons } from '../../src/migrate/port-crons';

const sample = fs.readFileSync(path.join(__dirname, '../fixtures/vercel/legacy-app.vercel.json'), 'utf8');
const schedules = `import { defineSchedule } from '../src/scheduler/schedule-declaration';
import { emailSend } from './messages';

export const schedules = [
];
`;

describe('migrate:crons', () => {
  it('replaces the legacy pollers by the bridge, keeps Symphony and reports (and keeps) what it cannot map', () => {
    const ported = portCrons(sample, schedules);
    expect(ported.verdicts.map((v) => [v.path, v.action, v.job])).toEqual([
      ['/api/cron/process-email-queue', 'bridge', 'emails'],
      ['/api/cron/campaigns', 'bridge', 'campaigns'],
      ['/api/cron/sms-drip', 'bridge', 'drips'],
      ['/api/cron/cleanup-sessions', 'unmapped', undefined],
      ['/api/cron/symphony-worker', 'kept', undefined],
    ]);
    // Only the crons list is rewritten: the rest keeps its layout.
    expect(ported.vercelJson).toContain('  "functions": { "app/api/**/*.ts": { "maxDuration": 60 } },\n');
    const vercel = JSON.parse(ported.vercelJson);
    expect(vercel.functions).toEqual({ 'app/api/**/*.ts': { maxDuration: 60 } });
    expect(vercel.crons).toEqual([
      { path: '/api/cron/cleanup-sessions', schedule: '0 3 * * *' },
      { path: '/api/cron/symphony-worker', schedule: '* * * * *' },
      { path: '/api/cron/symphony-scheduler', schedule: '*/5 * * * *' },
    ]);
    expect(ported.schedulesTs).toContain("import { legacyBridge } from './messages';");
    expect(ported.schedulesTs).toContain(
      "defineSchedule({ id: 'legacy-bridge', message: legacyBridge, body: {}, every: 3000 }),\n];",
    );
    expect(ported.diff).toContain('-    { "path": "/api/cron/campaigns", "schedule": "*/2 * * * *" },');
  });

  it("leaves this repo's own vercel.json as it is", () => {
    const own = fs.readFileSync(path.join(__dirname, '../../vercel.json'), 'utf8');
    expect(portCrons(own, schedules)).toMatchObject({ vercelJson: own, schedulesTs: schedules, diff: '' });
  });

  it('is a no-op the second time', () => {
    const once = portCrons(sample, schedules);
    const twice = portCrons(once.vercelJson, once.schedulesTs);
    expect(twice.diff).toBe('');
    expect(twice.verdicts.every((v) => v.action !== 'bridge')).toBe(true);
  });

  it('keeps every entry when none can be mapped, and refuses a file that is not a vercel.json', () => {
    const other = JSON.stringify({ crons: [{ path: '/api/cron/report', schedule: '0 7 * * *' }] });
    const ported = portCrons(other, schedules);
    expect(ported.verdicts).toEqual([
      expect.objectContaining({
        path: '/api/cron/report',
        action: 'unmapped',
        reason: expect.stringContaining('kept'),
      }),
    ]);
    expect(JSON.parse(ported.vercelJson).crons[0]).toEqual({
      path: '/api/cron/report',
      schedule: '0 7 * * *',
    });
    expect(ported.schedulesTs).toBe(schedules);
    expect(() => portCrons('{"crons": [{"path": 1}]}', schedules)).toThrow(/not a vercel.json/);
    expect(() => portCrons('not json', schedules)).toThrow(/not JSON/);
  });
});
