import request from 'supertest';
import type { SmsWebhookConfig } from '../../src/config/providers-config';
import { MemoryFlagStore } from '../../src/flags/flag-store';
import { FlagClient } from '../../src/flags/flag-client';
import { createHttpApp, type HttpApp } from '../../src/http/app';
import { twilioSignature } from '../../src/http/twilio-signature';
import { useLegacyRuntime } from '../../src/legacy/legacy-runtime';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics/registry';
import { legacy } from '../../queues/legacy';
import { testApp } from '../fixtures/test-app';
import { closeTestBuses, testBus } from '../helpers/bus';
import { bearer, tokenConfig } from '../helpers/http';
import { legacyFixture, seedCampaign, seedDrip, type LegacyFixture } from '../helpers/legacy';

let fixture: LegacyFixture;
let http: HttpApp | undefined;
beforeEach(async () => {
  fixture = await legacyFixture();
  useLegacyRuntime({
    mapping: legacy,
    db: fixture.db,
    flags: new FlagClient(new MemoryFlagStore(), 0),
    close: async () => undefined,
  });
});
afterEach(async () => {
  http?.close();
  useLegacyRuntime(undefined);
  await closeTestBuses();
  await fixture.close();
});

const TOKEN = 'twilio-auth-token-0123456789';
function api(smsWebhook: SmsWebhookConfig = { environment: 'test', authToken: TOKEN }) {
  http = createHttpApp({
    symphony: testBus(testApp()),
    config: tokenConfig(),
    logger: createLogger('silent'),
    metrics: createMetrics({ processMetrics: false }),
    smsWebhook,
  });
  return http.app;
}

const optedOut = async (phone: string) =>
  (
    await fixture.db.query<{ sms_opt_out: boolean }>(`SELECT sms_opt_out FROM contacts WHERE phone = $1`, [
      phone,
    ])
  )[0]!.sms_opt_out;

it('GET /campaigns/:id shows the progress from the recipient rows; an unknown id is 404', async () => {
  const app = api();
  const campaign = await seedCampaign(fixture.db, 60, { withoutAddress: true });
  const res = await request(app)
    .get(`/api/symphony/campaigns/${campaign.campaignId}`)
    .set(bearer('viewer'))
    .expect(200);
  expect(res.body).toEqual({
    campaignId: campaign.campaignId,
    status: 'scheduled',
    total: 60,
    dispatched: 0,
    inFlight: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    pending: 60,
  });
  await request(app).get(`/api/symphony/campaigns/${campaign.campaignId}`).expect(401);
  const missing = await request(app)
    .get('/api/symphony/campaigns/999999')
    .set(bearer('dispatcher'))
    .expect(404);
  expect(missing.body.error.code).toBe('CAMPAIGN_NOT_FOUND');
  const notAnId = await request(app).get('/api/symphony/campaigns/abc').set(bearer('viewer')).expect(404);
  expect(notAnId.body.error.code).toBe('CAMPAIGN_NOT_FOUND');
});

it('POST /sms/opt-out stops the drips of a number; admins only; an unknown number is 404', async () => {
  const app = api();
  const drip = await seedDrip(fixture.db, [{ delaySeconds: 0, body: 'Hi' }], 3);
  const phone = [...drip.enrollments.values()][0]!;
  await request(app).post('/api/symphony/sms/opt-out').set(bearer('viewer')).send({ phone }).expect(403);
  const bad = await request(app)
    .post('/api/symphony/sms/opt-out')
    .set(bearer('admin'))
    .send({ tel: phone })
    .expect(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  const spaced = `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
  const res = await request(app)
    .post('/api/symphony/sms/opt-out')
    .set(bearer('admin'))
    .send({ phone: spaced })
    .expect(200);
  expect(res.body).toEqual({ phone, contacts: 1, stoppedEnrollments: 1 });
  expect(await optedOut(phone)).toBe(true);
  const unknown = await request(app)
    .post('/api/symphony/sms/opt-out')
    .set(bearer('admin'))
    .send({ phone: '+15550000000' })
    .expect(404);
  expect(unknown.body.error.code).toBe('CONTACT_NOT_FOUND');
});

describe('the Twilio inbound SMS webhook', () => {
  const post = (app: ReturnType<typeof api>, params: Record<string, string>, signature?: string) => {
    const req = request(app).post('/api/webhooks/twilio/sms').type('form').send(params);
    return signature ? req.set('X-Twilio-Signature', signature) : req;
  };
  const signed = (app: ReturnType<typeof api>, params: Record<string, string>) =>
    // supertest calls http://127.0.0.1:<port>; the signature covers that URL, as Twilio's covers the public one
    post(app, params)
      .set('Host', 'hooks.example.test')
      .set(
        'X-Twilio-Signature',
        twilioSignature(TOKEN, 'http://hooks.example.test/api/webhooks/twilio/sms', params),
      );

  it('STOP opts the sender out and stops their drips; START opts back in; other texts change nothing', async () => {
    const app = api();
    const drip = await seedDrip(fixture.db, [{ delaySeconds: 0, body: 'Hi' }], 3);
    const phone = [...drip.enrollments.values()][1]!;
    const stop = await signed(app, { From: phone, Body: ' Stop ', MessageSid: 'SM1' }).expect(200);
    expect(stop.type).toBe('text/xml');
    expect(stop.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await optedOut(phone)).toBe(true);
    const [enrollment] = await fixture.db.query<{ status: string }>(
      `SELECT e.status FROM sms_drip_enrollments e JOIN contacts c ON c.id = e.contact_id WHERE c.phone = $1`,
      [phone],
    );
    expect(enrollment!.status).toBe('stopped');
    await signed(app, { From: phone, Body: 'thanks!' }).expect(200);
    expect(await optedOut(phone)).toBe(true);
    await signed(app, { From: phone, Body: 'START' }).expect(200);
    expect(await optedOut(phone)).toBe(false);
  });

  it('refuses a request without a valid signature, and any unsigned one in production without a token', async () => {
    const app = api();
    const drip = await seedDrip(fixture.db, [{ delaySeconds: 0, body: 'Hi' }], 3);
    const phone = [...drip.enrollments.values()][1]!;
    const forged = await post(app, { From: phone, Body: 'STOP' }, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=').expect(403);
    expect(forged.body.error.code).toBe('BAD_SIGNATURE');
    await post(app, { From: phone, Body: 'STOP' }).expect(403);
    expect(await optedOut(phone)).toBe(false);
    const production = api({ environment: 'production' });
    const refused = await post(production, { From: phone, Body: 'STOP' }).expect(503);
    expect(refused.body.error.code).toBe('WEBHOOK_NOT_CONFIGURED');
    expect(await optedOut(phone)).toBe(false);
  });
});

it('the OpenAPI document lists the campaign, opt-out and webhook routes', async () => {
  const doc = await request(api()).get('/api/symphony/openapi.json').set(bearer('viewer')).expect(200);
  expect(Object.keys(doc.body.paths)).toEqual(
    expect.arrayContaining([
      '/api/symphony/campaigns/{id}',
      '/api/symphony/sms/opt-out',
      '/api/webhooks/twilio/sms',
    ]),
  );
  expect(Object.keys(doc.body.paths['/api/webhooks/twilio/sms'].post.requestBody.content)).toEqual([
    'application/x-www-form-urlencoded',
  ]);
});
