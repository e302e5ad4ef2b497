import type { ErrorRequestHandler } from 'express';
import { toHttpError } from '../src/http/errors';
import type { Logger } from '../src/logger';
import { isHtmx } from './auth/ui-auth';
import { html } from './html';
import { sendFragment, sendPage, type RenderOptions } from './render';
import { flash } from './views/parts';

/** Codes whose status the API's table may not know yet. */
const statusOf = (code: string, status: number): number =>
  status !== 500 ? status : code.endsWith('NOT_FOUND') ? 404 : code.endsWith('CONFLICT') ? 409 : status;

/** Errors as the browser needs them: a flash for htmx, a page otherwise; never a stack. */
export function dashboardErrors(options: RenderOptions, logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const http = toHttpError(error);
    const status = statusOf(http.code, http.status);
    if (status >= 500) {
      logger.error(
        { requestId: res.locals.requestId, path: req.path, err: error as Error },
        'admin UI request failed',
      );
    }
    res.status(status);
    if (isHtmx(req)) return sendFragment(res, flash(http.message, 'error'), status);
    sendPage(req, res, options, {
      title: 'Error',
      nav: 'none',
      body: html`<section class="card">
        <h1>${status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Something went wrong'}</h1>
        ${flash(http.message, 'error')}
        <p><a href="/admin">Back to the overview</a></p>
      </section>`,
    });
  };
}
