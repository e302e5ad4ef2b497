import express, { Router } from 'express';
import type { FailedFilters } from '../../src/failed/failed-filters';
import { HttpError } from '../../src/http/errors';
import { allow } from '../../src/http/auth';
import { canManage } from '../auth/ui-auth';
import type { DashboardDeps } from '../deps';
import { html, path, query, type Html } from '../html';
import { sendFragment, sendPage } from '../render';
import type { BulkJob } from './bulk-jobs';
import { count, dateTime } from '../views/format';
import { actionButton, empty } from '../views/parts';
import { queueSelect } from '../views/forms';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function filtersOf(source: Record<string, unknown>): FailedFilters {
  return { queue: text(source.queue), type: text(source.type), grep: text(source.grep) };
}

function filterForm(deps: DashboardDeps, filters: FailedFilters): Html {
  return html`<form class="filters" method="get" action="/admin/failed">
    ${queueSelect(deps.symphony, filters.queue)}
    <label
      >Type <input name="type" value="${filters.type ?? ''}" placeholder="email.send or email.*"
    /></label>
    <label>Error or body contains <input name="grep" value="${filters.grep ?? ''}" /></label>
    <button type="submit" class="primary">Filter</button>
  </form>`;
}

function bulkForm(filters: FailedFilters): Html {
  const hidden = html`<input type="hidden" name="queue" value="${filters.queue ?? ''}" />
    <input type="hidden" name="type" value="${filters.type ?? ''}" />
    <input type="hidden" name="grep" value="${filters.grep ?? ''}" />`;
  return html`<form class="bulk" hx-post="/admin/failed/bulk" hx-target="#bulk-progress">
      ${hidden}
      <button
        type="submit"
        name="action"
        value="retry"
        class="btn primary"
        hx-confirm="Retry every failed message that matches these filters?"
      >
        Retry all matching
      </button>
      <button
        type="submit"
        name="action"
        value="remove"
        class="btn danger"
        hx-confirm="Remove every failed message that matches these filters for good?"
      >
        Remove all matching
      </button>
    </form>
    <div id="bulk-progress"></div>`;
}

/** Polls itself every half second until the job is done (htmx stops polling on status 286). */
function progressBar(job: BulkJob): Html {
  const { done, matched, scanned } = job.progress;
  const body = html`<p class="${job.error ? 'flash error' : 'flash ok'}">
      ${job.label}: ${count(done)} done of ${count(matched)} matched, ${count(scanned)}
      read${job.done ? (job.error ? ` — stopped: ${job.error}` : ' — finished.') : '…'}
    </p>
    <progress max="${Math.max(matched, 1)}" value="${done}"></progress>`;
  return job.done
    ? html`<div class="progress" data-bulk="done">${body}</div>`
    : html`<div
        class="progress"
        data-bulk="running"
        hx-get="/admin/failed/bulk/${job.id}"
        hx-trigger="every 500ms"
        hx-swap="outerHTML"
      >
        ${body}
      </div>`;
}

export function failedRoutes(deps: DashboardDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get('/failed', async (req, res) => {
    const filters = filtersOf(req.query);
    const [stats, latest] = await Promise.all([
      deps.failed.stats(filters),
      deps.failed.list(filters, { offset: 0, limit: 25 }),
    ]);
    const manage = canManage(res);
    sendPage(req, res, deps, {
      title: 'Failed messages',
      nav: 'failed',
      body: html`<h1>Failed messages <span class="muted">(${count(stats.total)})</span></h1>
        <section class="card">
          ${filterForm(deps, filters)} ${manage && stats.total > 0 ? bulkForm(filters) : ''}
        </section>
        <section class="card">
          <h2>By type and error</h2>
          ${
            stats.byTypeAndError.length === 0
              ? empty('No failed message matches.')
              : html`<table class="grid" id="failed-groups">
                  <thead>
                    <tr>
                      <th>Type</th>
                      <th>Error</th>
                      <th class="num">Count</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${stats.byTypeAndError.map(
                      (g) =>
                        html`<tr>
                          <td><code>${g.type}</code></td>
                          <td class="error-text">${g.error}</td>
                          <td class="num">${count(g.count)}</td>
                          <td>
                            <a
                              href="/admin/failed${query({ queue: filters.queue, type: g.type, grep: g.error })}"
                              >Select</a
                            >
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }
        </section>
        <section class="card">
          <h2>Latest</h2>
          ${
            latest.items.length === 0
              ? empty('Nothing here.')
              : html`<table class="grid" id="failed-latest">
                  <thead>
                    <tr>
                      <th>Failed at (UTC)</th>
                      <th>Queue</th>
                      <th>Type</th>
                      <th>Error</th>
                      <th class="num">Attempts</th>
                      <th></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${latest.items.map(
                      (m) =>
                        html`<tr data-id="${m.id}">
                          <td class="nowrap">${dateTime(m.failedAt)}</td>
                          <td>${m.queue}</td>
                          <td><code>${m.type}</code></td>
                          <td class="error-text">${m.error.message.split('\n')[0]}</td>
                          <td class="num">${m.attemptsMade}</td>
                          <td class="nowrap">
                            <a href="${path('/admin/messages', m.id)}${query({ queue: m.queue })}">Open</a>
                            ${
                              manage
                                ? actionButton(
                                    'Retry',
                                    `${path('/admin/failed', m.id, 'retry')}${query({ queue: m.queue })}`,
                                    { kind: 'primary' },
                                  )
                                : ''
                            }
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }
        </section>`,
    });
  });

  router.post('/failed/bulk', allow('manage'), form, (req, res) => {
    const body = req.body as Record<string, unknown>;
    const filters = filtersOf(body);
    const action = body.action === 'remove' ? 'remove' : body.action === 'retry' ? 'retry' : undefined;
    if (!action) throw new HttpError(400, 'VALIDATION_FAILED', 'Choose retry or remove.');
    const label = action === 'retry' ? 'Retry' : 'Removal';
    const job = deps.bulk.start(label, (onProgress) =>
      action === 'retry'
        ? deps.failed.retryAll(filters, onProgress)
        : deps.failed.removeAll(filters, onProgress),
    );
    sendFragment(res, progressBar(job));
  });

  router.get('/failed/bulk/:job', (req, res) => {
    const job = deps.bulk.get(String(req.params.job));
    if (!job)
      throw new HttpError(
        404,
        'NOT_FOUND',
        'That bulk operation is unknown here (finished long ago, or run by another instance).',
      );
    sendFragment(res, progressBar(job), job.done ? 286 : 200);
  });

  router.post('/failed/:id/retry', allow('manage'), async (req, res) => {
    const [outcome] = await deps.failed.retry([String(req.params.id)], text(req.query.queue));
    if (!outcome?.ok)
      throw new HttpError(
        404,
        'FAILED_NOT_FOUND',
        `No failed message "${req.params.id}": it may have been retried or removed already.`,
      );
    res.set('HX-Refresh', 'true');
    sendFragment(res, html`<p class="flash ok">Retried ${outcome.id} on ${outcome.queue}.</p>`);
  });

  return router;
}
