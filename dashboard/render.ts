import type { Request, Response } from 'express';
import { csrfToken } from './auth/csrf';
import { isHtmx } from './auth/ui-auth';
import type { Html } from './html';
import { layout, type NavKey } from './views/layout';

/** What every page handler gets to know about the request it renders for. */
export interface RenderOptions {
  authOff: boolean;
}

/** A whole page, or only `body` when htmx asks for a fragment of the same URL. */
export function sendPage(
  req: Request,
  res: Response,
  options: RenderOptions,
  page: { title: string; nav: NavKey; body: Html; fragment?: Html },
): void {
  res.type('html');
  if (isHtmx(req) && page.fragment) {
    res.send(page.fragment.value);
    return;
  }
  const ctx = {
    title: page.title,
    nav: page.nav,
    principal: res.locals.principal,
    csrf: csrfToken(req),
    authOff: options.authOff,
  };
  res.send(layout(ctx, page.body).value);
}

export function sendFragment(res: Response, fragment: Html, status = 200): void {
  res.status(status).type('html').send(fragment.value);
}
