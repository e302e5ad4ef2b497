import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import type { Consumer } from '../../src/transport/transport';
import { listen, type Listening } from '../../src/http/server';
import { Schedules } from '../../src/scheduler/schedules';
import { eventually, redisUrl } from '../helpers/bus';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { closeHttpTestSystems, httpTestSystem, TOKENS, type HttpTestSystem } from '../helpers/http';
import { pgliteDsn, removePgliteDirs } from '../helpers/sql';
import { dashboardApp, type DashboardAppState } from '../fixtures/dashboard-app';

/** The little of the DOM that code run inside the page uses (the test compiles without lib.dom). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  body: { getAttribute(name: string): string | null };
};

jest.setTimeout(180_000);

/** Generous: a loaded 2-core machine; every wait below polls until its condition holds. */
const WAIT = { timeout: 60_000 };

const stores: [string, () => string][] = [
  ['Redis', redisUrl],
  ['the embedded store (PGlite)', pgliteDsn],
];

describe.each(stores)('admin UI in Chromium, on %s', (_name, dsn) => {
  let state: DashboardAppState;
  let system: HttpTestSystem;
  let server: Listening;
  let consumers: Consumer[];
  let browser: TestBrowser;
  let page: Page;
  const url = (p: string) => `${server.url}${p}`;
  const api = () => request(server.url);
  const admin = { Authorization: `Bearer ${TOKENS.admin}` };

  beforeAll(async () => {
    state = { handled: [], failing: new Set() };
    system = httpTestSystem(dashboardApp(state), { config: { defaultDsn: dsn() } });
    await new Schedules(system.symphony).sync();
    consumers = ['notes', 'ticks'].map((q) => system.symphony.consume(q));
    await Promise.all(consumers.map((c) => c.ready()));
    server = await listen(system.http.app, '127.0.0.1', 0);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all((consumers ?? []).map((c) => c.close()));
    await closeHttpTestSystems();
    removePgliteDirs();
  });

  async function logIn(token: string): Promise<void> {
    await browser.context.clearCookies();
    await page.goto(url('/admin'));
    await page.waitForURL(/\/admin\/login/, WAIT);
    await page.fill('input[name=token]', token);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin', WAIT),
      page.click('button[type=submit]'),
    ]);
  }

  const dispatch = async (type: string, body: unknown): Promise<string> =>
    (await api().post('/api/symphony/dispatch').set(admin).send({ type, body }).expect(202)).body.id;

  /** With SCREENSHOT_DIR set (see docs/admin-ui.md), the pages are saved as PNGs for the docs. */
  const shoot = async (name: string): Promise<void> => {
    const dir = process.env.SCREENSHOT_DIR;
    if (dir && dsn === redisUrl) await page.screenshot({ path: path.join(dir, `${name}.png`) });
  };

  const cell = (queue: string, count: string) =>
    page.locator(`tr[data-queue="${queue}"] td[data-count="${count}"]`);

  async function search(fields: Record<string, string>): Promise<void> {
    await page.goto(url('/admin/messages'));
    for (const [name, value] of Object.entries(fields)) await page.fill(`#search-form [name=${name}]`, value);
    await Promise.all([
      page.waitForURL(/\/admin\/messages\?/, WAIT),
      page.click('#search-form button[type=submit]'),
    ]);
  }

  /** Runs a search until the message shows up (searches are reads; the worker may still be busy). */
  async function findByForm(fields: Record<string, string>, id: string): Promise<void> {
    await eventually(
      async () => {
        await search(fields);
        return page.locator(`#results tr[data-id="${id}"]`).count();
      },
      (n) => n === 1,
      WAIT.timeout,
    );
  }

  it('logs in with a token and shows the overview counts change after a dispatch over the API', async () => {
    await logIn(TOKENS.admin);
    const before = Number((await cell('ticks', 'completed').textContent())?.trim().replace(/,/g, ''));
    await dispatch('tick.count', { n: 1 });
    await dispatch('tick.count', { n: 2 });
    // The table refreshes itself (htmx, every 2 s): no reload.
    await page.waitForFunction(
      ([expected]) =>
        Number(
          document.querySelector('tr[data-queue="ticks"] td[data-count="completed"]')?.textContent?.trim(),
        ) >= expected!,
      [before + 2],
      WAIT,
    );
    await dispatch('note.send', { to: 'bob@example.com', text: 'hi' });
    await page.reload();
    expect(await page.locator('.chart canvas').count()).toBe(1);
    await shoot('admin-overview');
  });

  it('finds a message by id, by type and by a word in its body, and opens it', async () => {
    const word = `zebra${Date.now().toString(36)}`;
    const id = await dispatch('note.send', { to: 'ann@example.com', text: `hello ${word} there` });
    await findByForm({ id }, id);
    await findByForm({ type: 'note.send' }, id);
    await findByForm({ text: word }, id);
    await expect(page.locator('#scan-note').textContent()).resolves.toMatch(/examined/);
    await Promise.all([
      page.waitForURL(/\/admin\/messages\/[^?]+/, WAIT),
      page.click(`#results tr[data-id="${id}"] a`),
    ]);
    await expect(page.locator('#body').textContent()).resolves.toContain(word);
    await expect(page.locator('.cli code').first().textContent()).resolves.toContain(`messages:show ${id}`);
    await shoot('admin-message');
  });

  it('lists a failed message under Failed, retries it from the UI and sees it handled', async () => {
    state.failing.add('full@example.com');
    const id = await dispatch('note.send', { to: 'full@example.com', text: 'will fail' });
    await eventually(
      async () => {
        await page.goto(url('/admin/failed'));
        return page.locator(`#failed-latest tr[data-id="${id}"]`).count();
      },
      (n) => n === 1,
      WAIT.timeout,
    );
    await expect(page.locator('#failed-groups').textContent()).resolves.toContain(
      'mailbox of full@example.com is full',
    );
    await shoot('admin-failed');
    state.failing.delete('full@example.com');
    await page.click(`#failed-latest tr[data-id="${id}"] button`);
    // The page reloads itself after the retry, without the message in its failed list.
    await page.waitForSelector(`#failed-latest tr[data-id="${id}"]`, { ...WAIT, state: 'detached' });
    await page.waitForLoadState('load');
    await eventually(() => state.handled.includes('note:full@example.com'), Boolean, WAIT.timeout);
    await page.goto(url(`/admin/messages/${id}?queue=notes`));
    await expect(page.locator('#message-state').textContent()).resolves.toContain('completed');
  });

  it('pauses and resumes a queue', async () => {
    await page.goto(url('/admin/controls'));
    const paused = page.locator('tr[data-queue="ticks"] td[data-paused]');
    await expect(paused.getAttribute('data-paused')).resolves.toBe('false');
    await page.click('tr[data-queue="ticks"] button:has-text("Pause")');
    await page.waitForSelector('tr[data-queue="ticks"] td[data-paused="true"]', WAIT);
    expect((await system.symphony.queues.transport('ticks').control!.runtime('ticks')).paused).toBe(true);
    await page.click('tr[data-queue="ticks"] button:has-text("Resume")');
    await page.waitForSelector('tr[data-queue="ticks"] td[data-paused="false"]', WAIT);
    expect((await system.symphony.queues.transport('ticks').control!.runtime('ticks')).paused).toBe(false);
  });

  it('runs a schedule now', async () => {
    await page.goto(url('/admin/schedules'));
    await expect(page.locator('tr[data-schedule="nightly"] ol.runs li').count()).resolves.toBe(5);
    await page.click('tr[data-schedule="nightly"] button:has-text("Run now")');
    await page.waitForSelector('#run-message', WAIT);
    await shoot('admin-schedules');
    await eventually(() => state.handled.includes('tick:0'), Boolean, WAIT.timeout);
  });

  it('refuses a state change without the CSRF token', async () => {
    const status = await page.evaluate(
      async () => (await fetch('/admin/controls/ticks/pause', { method: 'POST' })).status,
    );
    expect(status).toBe(403);
    expect((await system.symphony.queues.transport('ticks').control!.runtime('ticks')).paused).toBe(false);
  });

  it('loads Bull Board with every queue', async () => {
    await page.goto(url('/admin/queues/'));
    await page.waitForSelector('text=notes', WAIT);
    await page.waitForSelector('text=ticks', WAIT);
    await shoot('admin-bull-board');
  });

  it('shows a viewer no actions, and refuses a forged POST with 403', async () => {
    await logIn(TOKENS.viewer);
    await page.goto(url('/admin/controls'));
    await page.waitForSelector('tr[data-queue="ticks"]', WAIT);
    expect(await page.locator('main button').count()).toBe(0);
    await page.goto(url('/admin/schedules'));
    expect(await page.locator('main button').count()).toBe(0);
    // With a valid CSRF token from the viewer's own page: the role is what refuses it.
    const status = await page.evaluate(async () => {
      const headers = JSON.parse(document.body.getAttribute('hx-headers') ?? '{}') as Record<string, string>;
      return (await fetch('/admin/controls/ticks/pause', { method: 'POST', headers })).status;
    });
    expect(status).toBe(403);
    const board = await page.evaluate(
      async () => (await fetch('/admin/queues/api/queues/ticks/pause', { method: 'PUT' })).status,
    );
    expect(board).toBe(403);
    expect((await system.symphony.queues.transport('ticks').control!.runtime('ticks')).paused).toBe(false);
  });
});
