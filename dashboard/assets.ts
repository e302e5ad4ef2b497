import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { packageRoot } from '../src/packaging/package-root';

/** Files served from installed packages: nothing is built or copied for `npm start`. */
const VENDOR: Record<string, string> = {
  'htmx.min.js': 'htmx.org/dist/htmx.min.js',
  'uPlot.iife.min.js': 'uplot/dist/uPlot.iife.min.js',
  'uPlot.min.css': 'uplot/dist/uPlot.min.css',
};

/** Beside this file when run from source; otherwise (dist/dashboard, a checkout's CLI bundle) the package's. */
const PUBLIC_DIRS = [
  path.join(__dirname, 'public'),
  path.join(packageRoot(__dirname)?.dir ?? path.join(__dirname, '../..'), 'dashboard/public'),
];
const publicDir = PUBLIC_DIRS.find((dir) => fs.existsSync(dir)) ?? PUBLIC_DIRS[0]!;

export function assetRoutes(): Router {
  const router = Router();
  router.use('/admin/static', express.static(publicDir, { maxAge: '1h', index: false }));
  router.get('/admin/vendor/:file', (req, res, next) => {
    const file = VENDOR[String(req.params.file)];
    if (!file) return next();
    // Resolved on request: a server installed without the UI's packages still starts.
    res.sendFile(require.resolve(file), { maxAge: '1d' });
  });
  return router;
}
