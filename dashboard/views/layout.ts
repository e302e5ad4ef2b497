import type { Principal } from '../../src/http/locals';
import { html, type Html } from '../html';

export type NavKey = 'overview' | 'messages' | 'failed' | 'schedules' | 'controls' | 'alerts' | 'none';

export interface PageContext {
  title: string;
  nav: NavKey;
  principal?: Principal;
  csrf: string;
  authOff: boolean;
}

const NAV: { key: NavKey; label: string; href: string }[] = [
  { key: 'overview', label: 'Overview', href: '/admin' },
  { key: 'messages', label: 'Messages', href: '/admin/messages' },
  { key: 'failed', label: 'Failed', href: '/admin/failed' },
  { key: 'schedules', label: 'Schedules', href: '/admin/schedules' },
  { key: 'controls', label: 'Queues & duplicates', href: '/admin/controls' },
  { key: 'alerts', label: 'Alerts', href: '/admin/alerts' },
];

/**
 * htmx without eval or inline styles (the CSP allows neither); error responses are swapped into
 * #flash so a refused action says why.
 */
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true, target: '#flash' },
  ],
});

export function layout(ctx: PageContext, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content="${HTMX_CONFIG}" />
        <title>${ctx.title} · Symphony</title>
        <link rel="icon" href="/admin/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/admin/vendor/uPlot.min.css" />
        <link rel="stylesheet" href="/admin/static/app.css" />
        <script src="/admin/vendor/htmx.min.js" defer></script>
        <script src="/admin/vendor/uPlot.iife.min.js" defer></script>
        <script src="/admin/static/app.js" defer></script>
      </head>
      <body hx-headers="${JSON.stringify({ 'X-CSRF-Token': ctx.csrf })}">
        <header class="top">
          <a class="brand" href="/admin">Symphony</a>
          ${
            ctx.principal
              ? html`<nav>
                    ${NAV.map(
                      (n) =>
                        html`<a href="${n.href}" class="${n.key === ctx.nav ? 'active' : ''}">${n.label}</a>`,
                    )}
                    <a href="/admin/queues/">Bull Board</a>
                  </nav>
                  ${userMenu(ctx)}`
              : ''
          }
        </header>
        ${
          ctx.authOff
            ? html`<div class="banner warn" role="alert">
                Auth is off: no token is configured, so anyone who can reach this address is an admin. Set
                SYMPHONY_ADMIN_TOKENS before exposing this server.
              </div>`
            : ''
        }
        <main>
          <div id="flash" aria-live="polite"></div>
          ${body}
        </main>
      </body>
    </html>`;
}

function userMenu(ctx: PageContext): Html {
  if (ctx.authOff) return html`<span class="who">anonymous admin</span>`;
  return html`<form class="who" method="post" action="/admin/logout">
    <span class="role role-${ctx.principal?.role}">${ctx.principal?.role}</span>
    <input type="hidden" name="_csrf" value="${ctx.csrf}" />
    <button type="submit" class="link">Log out</button>
  </form>`;
}
