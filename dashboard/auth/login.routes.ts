import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { can } from '../../src/http/permissions';
import { html } from '../html';
import { sendPage } from '../render';
import { checkCsrf, csrfToken } from './csrf';
import { newSecret } from './session';
import type { UiAuth } from './ui-auth';

/** Only same-site paths under /admin, so `next` cannot send anyone elsewhere. */
const safeNext = (next: unknown): string =>
  typeof next === 'string' && /^\/admin(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/admin';

/** The login form (a token from SYMPHONY_ADMIN_TOKENS or SYMPHONY_VIEWER_TOKENS) and logout. */
export function loginRoutes(auth: UiAuth): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb' });
  // Tokens are long random strings; this only keeps a guessing script from hammering the server.
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  });

  const showForm = (req: express.Request, res: express.Response, error?: string, status = 200) => {
    res.status(status);
    sendPage(
      req,
      res,
      { authOff: auth.mode === 'off' },
      {
        title: 'Log in',
        nav: 'none',
        body: html`<section class="login card">
          <h1>Log in to Symphony</h1>
          <p class="muted">
            Paste an admin or viewer API token. The browser keeps a session cookie, never the token.
          </p>
          ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
          <form method="post" action="/admin/login">
            <input type="hidden" name="_csrf" value="${csrfToken(req)}" />
            <input type="hidden" name="next" value="${safeNext(req.query.next ?? req.body?.next)}" />
            <label
              >Token <input type="password" name="token" autocomplete="current-password" required autofocus
            /></label>
            <button type="submit" class="primary">Log in</button>
          </form>
        </section>`,
      },
    );
  };

  router.get('/login', (req, res) => {
    if (auth.mode === 'off' || res.locals.principal) return res.redirect(303, safeNext(req.query.next));
    showForm(req, res);
  });

  router.post('/login', limiter, form, checkCsrf, (req, res) => {
    const token = typeof req.body?.token === 'string' ? req.body.token.trim() : '';
    const principal = token ? auth.tokens.match(token, false) : undefined;
    if (!principal) return showForm(req, res, 'Unknown or revoked token.', 401);
    if (principal.role === 'cron' || !can(principal.role, 'read')) {
      return showForm(
        req,
        res,
        `A ${principal.role} token cannot open the admin UI: use an admin or viewer token.`,
        403,
      );
    }
    // A fresh CSRF token with every login: one seen before it is worthless afterwards.
    req.session = {
      principalId: principal.id,
      role: principal.role,
      expiresAt: Date.now() + auth.sessionHours * 3_600_000,
      csrf: newSecret(),
    };
    res.redirect(303, safeNext(req.body?.next));
  });

  router.post('/logout', form, checkCsrf, (req, res) => {
    req.session = null;
    res.redirect(303, '/admin/login');
  });

  return router;
}
