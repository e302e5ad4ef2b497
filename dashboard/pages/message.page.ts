import { Router } from 'express';
import { allow } from '../../src/http/auth';
import { HttpError } from '../../src/http/errors';
import type { MessageAction, MessageDetail } from '../../src/messages/message-search';
import { shellWord } from '../../src/messages/message-detail';
import { canManage } from '../auth/ui-auth';
import type { DashboardDeps } from '../deps';
import { html, path, query, type Html } from '../html';
import { sendFragment, sendPage } from '../render';
import { dateTime, prettyJson } from '../views/format';
import { actionButton, cliCommand, stateBadge } from '../views/parts';

const queueOf = (q: unknown): string | undefined => (typeof q === 'string' && q ? q : undefined);

function envelopeTable(m: MessageDetail): Html {
  const e = m.envelope;
  const rows: [string, unknown][] = [
    ['Id', m.id],
    ['Type', m.type],
    ['Queue', m.queue],
    ['Dispatched (UTC)', dateTime(m.dispatchedAt)],
    ['Priority', m.priority],
    ['Attempts', `${m.attemptsMade} of ${m.maxAttempts}`],
    ['Correlation id', m.correlationId],
    ['Causation id', e.causationId],
    ['Idempotency key', m.idempotencyKey],
    ['Due (UTC)', m.dueAt ? dateTime(m.dueAt) : undefined],
    ['Finished (UTC)', m.finishedAt ? dateTime(m.finishedAt) : undefined],
    ['Headers', e.headers && Object.keys(e.headers).length ? JSON.stringify(e.headers) : undefined],
  ];
  return html`<table class="kv">
    ${rows
      .filter(([, v]) => v !== undefined && v !== '')
      .map(
        ([k, v]) =>
          html`<tr>
            <th>${k}</th>
            <td><code>${String(v)}</code></td>
          </tr>`,
      )}
  </table>`;
}

function attempts(m: MessageDetail): Html {
  if (m.attempts.length === 0) return html`<p class="muted">Not delivered yet.</p>`;
  return html`<table class="grid" id="attempts">
    <thead>
      <tr>
        <th>#</th>
        <th>Outcome</th>
        <th>Started (UTC)</th>
        <th>Ended (UTC)</th>
        <th>Error</th>
      </tr>
    </thead>
    <tbody>
      ${m.attempts.map(
        (a) =>
          html`<tr>
            <td>${a.attempt}</td>
            <td>${stateBadge(a.outcome)}</td>
            <td class="nowrap">${dateTime(a.startedAt)}</td>
            <td class="nowrap">${dateTime(a.endedAt)}</td>
            <td>
              ${
                a.error
                  ? html`<div class="error-text">${a.error.message}</div>
                      ${
                        a.error.stack
                          ? html`<details>
                              <summary>Stack</summary>
                              <pre class="stack">${a.error.stack}</pre>
                            </details>`
                          : ''
                      }`
                  : ''
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function timeline(m: MessageDetail): Html {
  return html`<ol class="timeline">
    ${m.timeline.map(
      (t) =>
        html`<li class="event-${t.event}">
          <span class="when">${dateTime(t.at)}</span> <strong>${t.event}</strong>
          ${t.attempt ? html`<span class="muted">attempt ${t.attempt}</span>` : ''}
          ${t.note ? html`<span class="error-text">${t.note}</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

const LABELS: Record<MessageAction, string> = {
  retry: 'Retry',
  remove: 'Remove',
  promote: 'Run now (promote)',
};

function actions(m: MessageDetail, manage: boolean): Html {
  const show = `symphony messages:show ${shellWord(m.id)} --queue ${shellWord(m.queue)}`;
  return html`${
      manage && m.actions.length
        ? html`<div class="actions" id="message-actions">
            ${m.actions.map((a) =>
              actionButton(
                LABELS[a.action],
                `${path('/admin/messages', m.id, a.action)}${query({ queue: m.queue })}`,
                {
                  kind: a.action === 'remove' ? 'danger' : 'primary',
                  confirm: a.action === 'remove' ? 'Remove this message for good?' : undefined,
                },
              ),
            )}
          </div>`
        : ''
    }
    <h3>From a terminal</h3>
    ${cliCommand(show)} ${m.actions.map((a) => cliCommand(a.command))}`;
}

export function messageRoutes(deps: DashboardDeps): Router {
  const router = Router();

  router.get('/messages/:id', async (req, res) => {
    const m = await deps.search.show(String(req.params.id), queueOf(req.query.queue));
    sendPage(req, res, deps, {
      title: `Message ${m.id}`,
      nav: 'messages',
      body: html`<h1>Message <code>${m.id}</code> <span id="message-state">${stateBadge(m.state)}</span></h1>
        <div class="columns">
          <section class="card">
            <h2>Envelope</h2>
            ${envelopeTable(m)}
          </section>
          <section class="card">
            <h2>Actions</h2>
            ${actions(m, canManage(res))}
          </section>
        </div>
        <section class="card">
          <h2>Body</h2>
          <pre class="json" id="body">${prettyJson(m.envelope.body)}</pre>
        </section>
        <section class="card">
          <h2>Attempts</h2>
          ${attempts(m)}
        </section>
        <section class="card">
          <h2>Timeline</h2>
          ${timeline(m)}
        </section>`,
    });
  });

  router.post('/messages/:id/:action', allow('manage'), async (req, res) => {
    const id = String(req.params.id);
    const queue = queueOf(req.query.queue);
    const action = String(req.params.action);
    if (action === 'remove') {
      const done = await deps.search.remove(id, queue);
      res.set('HX-Redirect', `/admin/messages${query({ queue: done.queue })}`);
      return sendFragment(res, html`<p class="flash ok">Removed ${id}.</p>`);
    }
    if (action !== 'retry' && action !== 'promote')
      throw new HttpError(404, 'NOT_FOUND', `No action "${action}"`);
    await (action === 'retry' ? deps.search.retry(id, queue) : deps.search.promote(id, queue));
    res.set('HX-Refresh', 'true');
    sendFragment(res, html`<p class="flash ok">Done: ${action} ${id}.</p>`);
  });

  return router;
}
