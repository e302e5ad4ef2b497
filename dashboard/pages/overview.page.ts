import { Router } from 'express';
import type { Symphony } from '../../src/bus/symphony';
import { queueStatus, type QueueStatus } from '../../src/status/queue-status';
import { queueTiming, type QueueTiming } from '../../src/status/queue-timing';
import type { DashboardDeps } from '../deps';
import { html, type Html } from '../html';
import { sendFragment, sendPage } from '../render';
import { count, duration } from '../views/format';
import { badge, empty } from '../views/parts';

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;

interface QueueRow {
  name: string;
  status: QueueStatus;
  timing: QueueTiming;
}

async function rows(symphony: Symphony): Promise<QueueRow[]> {
  const statuses = await queueStatus(symphony);
  return Promise.all(
    Object.entries(statuses).map(async ([name, status]) => ({
      name,
      status,
      timing: await queueTiming(symphony, name),
    })),
  );
}

/** Completed and failed per minute over the hour, summed over the queues that record it. */
function chartData(
  rows: QueueRow[],
): { minutes: number[]; completed: number[]; failed: number[] } | undefined {
  const recorded = rows.filter((r) => r.status.perMinute);
  if (recorded.length === 0) return undefined;
  const length = recorded[0]!.status.perMinute!.completed.length;
  const sum = (kind: 'completed' | 'failed') =>
    Array.from({ length }, (_, i) => recorded.reduce((n, r) => n + (r.status.perMinute![kind][i] ?? 0), 0));
  const nowMinute = Math.floor(Date.now() / 60_000) * 60;
  return {
    minutes: Array.from({ length }, (_, i) => nowMinute - (length - 1 - i) * 60),
    completed: sum('completed'),
    failed: sum('failed'),
  };
}

const rateLimit = (s: QueueStatus): string =>
  s.rateLimit ? `${s.rateLimit.max} / ${duration(s.rateLimit.durationMs)}` : 'none';

const percentiles = (p: QueueTiming['wait']): string => (p ? `${duration(p.p50)} / ${duration(p.p95)}` : '–');

function queueTable(rows: QueueRow[]): Html {
  if (rows.length === 0) return empty('No queues are declared.');
  return html`<table class="grid" id="queue-table">
    <thead>
      <tr>
        <th>Queue</th>
        ${STATES.map((s) => html`<th class="num">${s}</th>`)}
        <th class="num">Workers</th>
        <th>Concurrency</th>
        <th>Rate limit</th>
        <th>Oldest waiting</th>
        <th title="p50 / p95 over the latest completed messages">Wait p50 / p95</th>
        <th title="p50 / p95 over the latest completed messages">Handling p50 / p95</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        ({ name, status, timing }) =>
          html`<tr data-queue="${name}">
            <th scope="row">
              ${name} ${status.paused ? badge('paused', 'warn') : ''}
              <div class="muted small">${status.transport}</div>
            </th>
            ${STATES.map(
              (s) =>
                html`<td
                  class="num ${s === 'failed' && status.counts.failed > 0 ? 'bad' : ''}"
                  data-count="${s}"
                >
                  ${count(status.counts[s])}
                </td>`,
            )}
            <td class="num">${count(status.workers)}</td>
            <td>
              ${status.concurrency ?? 'no cap'}
              <span class="muted">(${status.workerConcurrency} per worker)</span>
            </td>
            <td>${rateLimit(status)}</td>
            <td>${duration(timing.oldestWaitingMs)}</td>
            <td>${percentiles(timing.wait)}</td>
            <td>${percentiles(timing.handling)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const refreshing = (table: Html): Html =>
  html`<div id="overview-live" hx-get="/admin/fragments/overview" hx-trigger="every 2s" hx-swap="outerHTML">
    ${table}
  </div>`;

export function overviewRoutes(deps: DashboardDeps): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const data = await rows(deps.symphony);
    const chart = chartData(data);
    sendPage(req, res, deps, {
      title: 'Overview',
      nav: 'overview',
      body: html`<h1>Overview</h1>
        <section class="card">
          <h2>Queues</h2>
          ${refreshing(queueTable(data))}
        </section>
        <section class="card">
          <h2>Completed and failed per minute, last hour</h2>
          ${
            chart
              ? html`<div class="chart" data-chart="${JSON.stringify(chart)}"></div>`
              : empty('No queue records per-minute history (PostgreSQL needs metrics=on in its DSN).')
          }
        </section>`,
    });
  });

  router.get('/fragments/overview', async (_req, res) => {
    sendFragment(res, refreshing(queueTable(await rows(deps.symphony))));
  });

  return router;
}
