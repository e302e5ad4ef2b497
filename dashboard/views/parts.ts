import { html, type Html, type Renderable } from '../html';

/** A button that posts with htmx (the CSRF header comes from <body hx-headers>). */
export function actionButton(
  label: string,
  url: string,
  options: { target?: string; confirm?: string; kind?: 'primary' | 'danger' | 'plain'; swap?: string } = {},
): Html {
  return html`<button
    type="button"
    class="btn ${options.kind ?? 'plain'}"
    hx-post="${url}"
    hx-target="${options.target ?? '#flash'}"
    hx-swap="${options.swap ?? 'innerHTML'}"
    ${options.confirm ? html`hx-confirm="${options.confirm}"` : ''}
  >
    ${label}
  </button>`;
}

export const badge = (text: string, kind: string): Html => html`<span class="badge ${kind}">${text}</span>`;

export const stateBadge = (state: string): Html => badge(state, `state-${state}`);

/** A flash message for #flash; `oob` wraps it to be swapped there beside the section an action re-rendered. */
export function flash(message: Renderable, kind: 'ok' | 'error' = 'ok', oob = false): Html {
  const text = html`<p class="flash ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${message}</p>`;
  return oob ? html`<div id="flash" hx-swap-oob="true" aria-live="polite">${text}</div>` : text;
}

/** A command to paste in a terminal, with a copy button (app.js). */
export const cliCommand = (command: string): Html =>
  html`<div class="cli">
    <code>${command}</code><button type="button" class="btn plain small" data-copy="${command}">Copy</button>
  </div>`;

export const empty = (text: string): Html => html`<p class="empty">${text}</p>`;
