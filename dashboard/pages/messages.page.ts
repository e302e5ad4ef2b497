import { Router } from 'express';
import { ValidationError } from '../../src/errors';
import type { MessagePage, MessageQuery } from '../../src/messages/message-search';
import { MESSAGE_STATES, type MessageState } from '../../src/transport/message-browser';
import type { DashboardDeps } from '../deps';
import { html, path, query, type Html } from '../html';
import { sendPage } from '../render';
import { count, dateTime } from '../views/format';
import { queueSelect } from '../views/forms';
import { empty, flash, stateBadge } from '../views/parts';

const FIELDS = ['id', 'type', 'queue', 'state', 'since', 'until', 'key', 'correlation', 'text'] as const;
type Form = Partial<Record<(typeof FIELDS)[number], string>>;

function formOf(source: Record<string, unknown>): Form {
  const form: Form = {};
  for (const field of FIELDS) {
    const value = source[field];
    if (typeof value === 'string' && value.trim()) form[field] = value.trim();
  }
  return form;
}

/** `datetime-local` values carry no zone: the form labels them UTC. */
function date(field: 'since' | 'until', value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(parsed.getTime())) {
    throw new ValidationError('Invalid search', [
      { path: field, message: `"${value}" is not a date and time` },
    ]);
  }
  return parsed;
}

function toQuery(form: Form, cursor: string | undefined): MessageQuery {
  const state = form.state as MessageState | undefined;
  if (state && !MESSAGE_STATES.includes(state)) {
    throw new ValidationError('Invalid search', [
      { path: 'state', message: `one of ${MESSAGE_STATES.join(', ')}` },
    ]);
  }
  return {
    id: form.id,
    type: form.type,
    queues: form.queue ? [form.queue] : undefined,
    states: state ? [state] : undefined,
    since: date('since', form.since),
    until: date('until', form.until),
    idempotencyKey: form.key,
    correlationId: form.correlation,
    text: form.text,
    cursor,
  };
}

function searchForm(deps: DashboardDeps, form: Form): Html {
  const input = (name: keyof Form, label: string, placeholder = '', type = 'text') =>
    html`<label
      >${label} <input type="${type}" name="${name}" value="${form[name] ?? ''}" placeholder="${placeholder}"
    /></label>`;
  return html`<form class="filters" method="get" action="/admin/messages" id="search-form">
    ${input('id', 'Message id', 'exact id: instant')} ${input('type', 'Type', 'email.send or email.*')}
    ${queueSelect(deps.symphony, form.queue)}
    <label
      >State
      <select name="state">
        <option value="">any</option>
        ${MESSAGE_STATES.map((s) => html`<option value="${s}" ${s === form.state ? 'selected' : ''}>${s}</option>`)}
      </select></label
    >
    ${input('since', 'Dispatched from (UTC)', '', 'datetime-local')}
    ${input('until', 'until (UTC)', '', 'datetime-local')} ${input('key', 'Idempotency key')}
    ${input('correlation', 'Correlation id')} ${input('text', 'Text in body', 'a word or phrase')}
    <button type="submit" class="primary">Search</button>
  </form>`;
}

function results(form: Form, page: MessagePage): Html {
  const more = page.cursor
    ? html`<a
        class="btn primary"
        id="continue"
        href="/admin/messages${query({ ...form, cursor: page.cursor })}"
        >Continue</a
      >`
    : '';
  const scanned = html`<p class="muted" id="scan-note">
    ${count(page.items.length)} found; ${count(page.scanned)} stored entries examined for this page;
    ${page.complete ? 'the search is complete.' : 'the walk is not complete: continue to look further.'}
  </p>`;
  if (page.items.length === 0) return html`${empty('No message on this page matches.')} ${scanned} ${more}`;
  return html`<table class="grid" id="results">
      <thead>
        <tr>
          <th>Id</th>
          <th>Queue</th>
          <th>Type</th>
          <th>State</th>
          <th>Dispatched (UTC)</th>
          <th class="num">Attempts</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        ${page.items.map(
          (m) =>
            html`<tr data-id="${m.id}">
              <td>
                <a href="${path('/admin/messages', m.id)}${query({ queue: m.queue })}"
                  ><code>${m.id}</code></a
                >
              </td>
              <td>${m.queue}</td>
              <td><code>${m.type}</code></td>
              <td>${stateBadge(m.state)}</td>
              <td class="nowrap">${dateTime(m.dispatchedAt)}</td>
              <td class="num">${m.attemptsMade}</td>
              <td class="error-text">${m.error ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${scanned} ${more}`;
}

export function messagesRoutes(deps: DashboardDeps): Router {
  const router = Router();

  router.get('/messages', async (req, res) => {
    const form = formOf(req.query);
    const searched = Object.keys(form).length > 0;
    let outcome: Html = html`<p class="muted">Search by any field; every given field must match.</p>`;
    if (searched) {
      try {
        const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
        outcome = results(form, await deps.search.search(toQuery(form, cursor)));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        res.status(400);
        outcome = flash(error.message, 'error');
      }
    }
    sendPage(req, res, deps, {
      title: 'Messages',
      nav: 'messages',
      body: html`<h1>Messages</h1>
        <section class="card">${searchForm(deps, form)}</section>
        <section class="card">${outcome}</section>`,
    });
  });

  return router;
}
