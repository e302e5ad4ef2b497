import { Router } from 'express';
import { allow } from '../../src/http/auth';
import type { ScheduleInfo } from '../../src/scheduler/schedule-info';
import { canManage } from '../auth/ui-auth';
import type { DashboardDeps } from '../deps';
import { html, path, query, type Html } from '../html';
import { sendFragment, sendPage } from '../render';
import { dateTime } from '../views/format';
import { actionButton, badge, empty, flash } from '../views/parts';

const NEXT_RUNS = 5;

function row(s: ScheduleInfo, manage: boolean): Html {
  const tz = s.tz ?? 'UTC';
  const act = (name: string, label: string, kind: 'primary' | 'plain' = 'plain') =>
    actionButton(label, path('/admin/schedules', s.id, name), {
      target: '#schedules',
      swap: 'outerHTML',
      kind,
    });
  return html`<tr data-schedule="${s.id}">
    <th scope="row">${s.id}</th>
    <td><code>${s.expression}</code> <span class="muted">${s.kind}</span></td>
    <td>${tz}</td>
    <td>
      ${s.queue}
      <div class="muted small"><code>${s.type}</code></div>
    </td>
    <td>${s.origin === 'code' ? badge('code', 'info') : badge('runtime', 'plain')}</td>
    <td>${s.paused ? badge('paused', 'warn') : badge('active', 'ok')}</td>
    <td class="nowrap">
      ${
        s.next.length
          ? html`<ol class="runs">
              ${s.next.map((t) => html`<li>${dateTime(t, tz)}</li>`)}
            </ol>`
          : html`<span class="muted">none</span>`
      }
    </td>
    <td class="nowrap">${dateTime(s.lastRun, tz)}</td>
    ${
      manage
        ? html`<td class="nowrap">
            ${s.paused ? act('resume', 'Resume') : act('pause', 'Pause')} ${act('run', 'Run now', 'primary')}
          </td>`
        : ''
    }
  </tr>`;
}

function table(list: ScheduleInfo[], manage: boolean): Html {
  if (list.length === 0) return html`<div id="schedules">${empty('No schedules.')}</div>`;
  return html`<div id="schedules">
    <table class="grid">
      <thead>
        <tr>
          <th>Id</th>
          <th>When</th>
          <th>Time zone</th>
          <th>Queue / type</th>
          <th>Origin</th>
          <th>State</th>
          <th>Next ${NEXT_RUNS} runs (in its time zone)</th>
          <th>Last run</th>
          ${manage ? html`<th></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${list.map((s) => row(s, manage))}
      </tbody>
    </table>
  </div>`;
}

export function schedulesRoutes(deps: DashboardDeps): Router {
  const router = Router();
  const list = () => deps.schedules.list({ next: NEXT_RUNS });

  router.get('/schedules', async (req, res) => {
    sendPage(req, res, deps, {
      title: 'Schedules',
      nav: 'schedules',
      body: html`<h1>Schedules</h1>
        <p class="muted">
          Code schedules come from the app's declarations (sync restores them); runtime ones were added over
          the API or CLI.
        </p>
        <section class="card">${table(await list(), canManage(res))}</section>`,
    });
  });

  router.post('/schedules/:id/:action', allow('manage'), async (req, res) => {
    const id = String(req.params.id);
    let note: Html;
    switch (req.params.action) {
      case 'pause':
        await deps.schedules.pause(id);
        note = html`Paused ${id}.`;
        break;
      case 'resume':
        await deps.schedules.resume(id);
        note = html`Resumed ${id}.`;
        break;
      case 'run': {
        const sent = await deps.schedules.run(id);
        note = html`Sent a run of ${id} as message
          <a href="${path('/admin/messages', sent.id)}${query({ queue: sent.queue })}" id="run-message"
            >${sent.id}</a
          >.`;
        break;
      }
      default:
        return res.status(404).end();
    }
    sendFragment(res, html`${table(await list(), true)} ${flash(note, 'ok', true)}`);
  });

  return router;
}
