import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { AlertService } from '../src/alerts/alert-service';
import type { Symphony } from '../src/bus/symphony';
import type { HttpConfig } from '../src/config/http-config';
import { allow, type TokenTable } from '../src/http/auth';
import type { Logger } from '../src/logger';
import type { Schedules } from '../src/scheduler/schedules';
import { assetRoutes } from './assets';
import { checkCsrf, checkSameOrigin } from './auth/csrf';
import { loginRoutes } from './auth/login.routes';
import { DEFAULT_SESSION_HOURS, sessionMiddleware } from './auth/session';
import { loadPrincipal, requireLogin, type UiAuth } from './auth/ui-auth';
import { BULL_BOARD_PATH, bullBoard } from './bull-board';
import { dashboardDeps } from './deps';
import { dashboardErrors } from './errors';
import { alertsRoutes } from './pages/alerts.page';
import { controlsRoutes } from './pages/controls.page';
import { failedRoutes } from './pages/failed.page';
import { messageRoutes } from './pages/message.page';
import { messagesRoutes } from './pages/messages.page';
import { overviewRoutes } from './pages/overview.page';
import { schedulesRoutes } from './pages/schedules.page';

export interface AdminUiOptions {
  symphony: Symphony;
  schedules: Schedules;
  config: HttpConfig;
  tokens: TokenTable;
  mode: 'on' | 'off';
  logger: Logger;
  /** The HTTP app's alert service, so the page and GET /alerts share one store connection. */
  alerts?: () => AlertService;
}

/** Only this app's scripts and styles: htmx runs without eval, uPlot styles through the CSSOM. */
const strictCsp = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Bull Board's writes: admins only, and only from a page of this origin. */
const boardWrites: RequestHandler[] = [
  (req, res, next) => (SAFE.has(req.method) ? next('route') : next()),
  allow('manage'),
  checkSameOrigin,
];

/**
 * The admin UI under /admin (Symphony's console) and /admin/queues (Bull Board), on the API's
 * port: sessions from the login form, roles as for the API, CSRF tokens on every change.
 */
export function adminUi(options: AdminUiOptions): Router {
  const { symphony, config } = options;
  const auth: UiAuth = {
    mode: options.mode,
    tokens: options.tokens,
    sessionHours: config.session?.hours ?? DEFAULT_SESSION_HOURS,
  };
  const deps = dashboardDeps(symphony, options.schedules, options.mode === 'off', options.alerts);
  const router = Router();

  router.get('/', (_req, res) => res.redirect(302, '/admin'));
  router.use(assetRoutes());
  router.use('/admin', ...sessionMiddleware(config), loadPrincipal(auth));
  router.use(BULL_BOARD_PATH, requireLogin, allow('read'));
  router.all(`${BULL_BOARD_PATH}/*rest`, ...boardWrites);
  router.use(BULL_BOARD_PATH, bullBoard(symphony));

  router.use('/admin', strictCsp, loginRoutes(auth));
  router.use(
    '/admin',
    requireLogin,
    allow('read'),
    express.urlencoded({ extended: false, limit: '16kb' }),
    checkCsrf,
    overviewRoutes(deps),
    messagesRoutes(deps),
    messageRoutes(deps),
    failedRoutes(deps),
    schedulesRoutes(deps),
    controlsRoutes(deps),
    alertsRoutes(deps),
  );
  router.use('/admin', dashboardErrors(deps, options.logger));
  return router;
}
