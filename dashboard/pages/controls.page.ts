import express, { Router } from 'express';
import { ValidationError } from '../../src/errors';
import { allow } from '../../src/http/auth';
import { recentDuplicates } from '../../src/status/duplicates';
import type { QueueRuntime } from '../../src/transport/capabilities';
import { canManage } from '../auth/ui-auth';
import type { DashboardDeps } from '../deps';
import { html, path, query, type Html } from '../html';
import { sendFragment, sendPage } from '../render';
import { count, dateTime, duration } from '../views/format';
import { actionButton, badge, empty, flash } from '../views/parts';

interface Row {
  queue: string;
  runtime?: QueueRuntime;
  unsupported?: string;
}

async function rows(deps: DashboardDeps): Promise<Row[]> {
  return Promise.all(
    deps.symphony.queues.names().map(async (queue) => {
      try {
        return { queue, runtime: await deps.control.runtime(queue) };
      } catch (error) {
        return { queue, unsupported: (error as Error).message };
      }
    }),
  );
}

function settingsForm(queue: string, runtime: QueueRuntime): Html {
  return html`<form
    class="inline"
    hx-post="${path('/admin/controls', queue, 'settings')}"
    hx-target="#controls"
    hx-swap="outerHTML"
  >
    <label
      >Concurrency
      <input
        type="number"
        min="1"
        name="concurrency"
        value="${runtime.concurrency ?? ''}"
        placeholder="no cap"
    /></label>
    <label
      >Rate
      <input type="number" min="1" name="rateMax" value="${runtime.rateLimit?.max ?? ''}" placeholder="max"
    /></label>
    <label
      >per ms
      <input
        type="number"
        min="1"
        name="rateMs"
        value="${runtime.rateLimit?.durationMs ?? ''}"
        placeholder="duration"
    /></label>
    <button type="submit" class="btn plain">Save</button>
  </form>`;
}

function controlsTable(list: Row[], manage: boolean): Html {
  return html`<div id="controls">
    <table class="grid">
      <thead>
        <tr>
          <th>Queue</th>
          <th>State</th>
          <th>Concurrency cap</th>
          <th>Rate limit</th>
          ${manage ? html`<th>Change</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${list.map(({ queue, runtime, unsupported }) =>
          runtime
            ? html`<tr data-queue="${queue}">
                <th scope="row">${queue}</th>
                <td data-paused="${String(runtime.paused)}">
                  ${runtime.paused ? badge('paused', 'warn') : badge('running', 'ok')}
                </td>
                <td>${runtime.concurrency ?? 'none'}</td>
                <td>
                  ${runtime.rateLimit ? `${runtime.rateLimit.max} per ${duration(runtime.rateLimit.durationMs)}` : 'none'}
                </td>
                ${
                  manage
                    ? html`<td class="nowrap">
                        ${actionButton(
                          runtime.paused ? 'Resume' : 'Pause',
                          path('/admin/controls', queue, runtime.paused ? 'resume' : 'pause'),
                          {
                            target: '#controls',
                            swap: 'outerHTML',
                            kind: runtime.paused ? 'primary' : 'plain',
                          },
                        )}
                        ${settingsForm(queue, runtime)}
                      </td>`
                    : ''
                }
              </tr>`
            : html`<tr data-queue="${queue}">
                <th scope="row">${queue}</th>
                <td colspan="${manage ? 4 : 3}" class="muted">${unsupported}</td>
              </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function duplicatesTable(deps: DashboardDeps, list: Awaited<ReturnType<typeof recentDuplicates>>): Html {
  if (list.length === 0) return empty('No duplicate dispatch in the last week.');
  return html`<table class="grid" id="duplicates">
    <thead>
      <tr>
        <th>Idempotency key</th>
        <th>Queue</th>
        <th>Type</th>
        <th class="num">Duplicates</th>
        <th>Last (UTC)</th>
        <th>Kept message</th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (d) =>
          html`<tr>
            <td><code>${d.key}</code></td>
            <td>${d.queue}</td>
            <td><code>${d.type}</code></td>
            <td class="num">${count(d.duplicates)}</td>
            <td class="nowrap">${dateTime(d.lastAt)}</td>
            <td>
              <a href="${path('/admin/messages', d.keptId)}${query({ queue: d.queue })}"
                ><code>${d.keptId}</code></a
              >
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Empty means "remove the setting"; anything else must be a positive integer. */
function positive(body: Record<string, unknown>, field: string): number | null {
  const raw = typeof body[field] === 'string' ? (body[field] as string).trim() : '';
  if (raw === '') return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ValidationError('Invalid settings', [
      { path: field, message: 'a whole number of at least 1, or empty for none' },
    ]);
  return n;
}

export function controlsRoutes(deps: DashboardDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });

  router.get('/controls', async (req, res) => {
    const [list, duplicates] = await Promise.all([rows(deps), recentDuplicates(deps.symphony, 50)]);
    sendPage(req, res, deps, {
      title: 'Queues & duplicates',
      nav: 'controls',
      body: html`<h1>Queues &amp; duplicates</h1>
        <section class="card">
          <h2>Runtime controls</h2>
          <p class="muted">Running workers obey within seconds, no restart.</p>
          ${controlsTable(list, canManage(res))}
        </section>
        <section class="card">
          <h2>Idempotency keys with duplicates</h2>
          ${duplicatesTable(deps, duplicates)}
        </section>`,
    });
  });

  router.post('/controls/:queue/:action', allow('manage'), form, async (req, res) => {
    const queue = String(req.params.queue);
    const action = String(req.params.action);
    if (action === 'pause') await deps.control.pause(queue);
    else if (action === 'resume') await deps.control.resume(queue);
    else if (action === 'settings') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const max = positive(body, 'rateMax');
      const ms = positive(body, 'rateMs');
      if ((max === null) !== (ms === null)) {
        throw new ValidationError('Invalid settings', [
          { path: 'rateMs', message: 'give both the count and the duration, or neither' },
        ]);
      }
      await deps.control.set(queue, {
        concurrency: positive(body, 'concurrency'),
        rateLimit: max !== null && ms !== null ? { max, durationMs: ms } : null,
      });
    } else return res.status(404).end();
    sendFragment(
      res,
      html`${controlsTable(await rows(deps), true)} ${flash(`${queue}: ${action} done.`, 'ok', true)}`,
    );
  });

  return router;
}
