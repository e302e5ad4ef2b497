import { Router } from 'express';
import type { AlertStatus, AlertsReport, AlertView } from '../../src/alerts/alert-service';
import type { DashboardDeps } from '../deps';
import { html, type Html } from '../html';
import { sendPage } from '../render';
import { dateTime } from '../views/format';
import { badge, cliCommand, empty } from '../views/parts';

const STATUS_BADGE: Record<AlertStatus, string> = {
  firing: 'state-failed',
  pending: 'warn',
  ok: 'ok',
  unknown: 'plain',
};

function row(rule: AlertView): Html {
  return html`<tr data-alert="${rule.id}">
    <th scope="row">
      ${rule.id}
      <div class="muted small">${rule.kind}</div>
    </th>
    <td>${badge(rule.status, STATUS_BADGE[rule.status])}</td>
    <td>${rule.severity}</td>
    <td>
      ${rule.summary ?? rule.condition}
      ${rule.summary ? html`<div class="muted small">${rule.condition}</div>` : ''}
    </td>
    <td>${rule.detail}</td>
    <td class="nowrap">${dateTime(rule.since)}</td>
    <td class="nowrap">${dateTime(rule.evaluatedAt)}</td>
  </tr>`;
}

function report(alerts: AlertsReport): Html {
  if (alerts.rules.length === 0)
    return html`${empty('No alert rules.')}
      <p class="muted">Declare them in queues/alerts.ts (see docs/operations.md, "Alerts").</p>`;
  return html`<table class="grid" id="alerts">
      <thead>
        <tr>
          <th>Rule</th>
          <th>Status</th>
          <th>Severity</th>
          <th>Condition</th>
          <th>Latest reading</th>
          <th>Since (UTC)</th>
          <th>Evaluated (UTC)</th>
        </tr>
      </thead>
      <tbody>
        ${alerts.rules.map(row)}
      </tbody>
    </table>
    <p class="muted">
      Evaluated by ${alerts.evaluator ?? 'no process right now (start a worker, serve or start)'};
      notifications go to the log${alerts.notifiers.map((n) => html`, ${n}`)}; a rule fires at most once per
      ${Math.round(alerts.cooldownMs / 1000)} s.
    </p>`;
}

/** The alert rules and their state, from the same service as alerts:list and GET /api/symphony/alerts. */
export function alertsRoutes(deps: DashboardDeps): Router {
  const router = Router();
  router.get('/alerts', async (req, res) => {
    sendPage(req, res, deps, {
      title: 'Alerts',
      nav: 'alerts',
      body: html`<h1>Alerts</h1>
        <section class="card">${report(await deps.alerts().list())}</section>
        ${cliCommand('npx symphony alerts:list')}`,
    });
  });
  return router;
}
