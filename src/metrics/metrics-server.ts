import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Listening } from '../http/server';

export interface ProbeAnswer {
  ok: boolean;
  body: Record<string, unknown>;
}

export interface MetricsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** The process is alive and its loop answers (a worker: not stopped). */
  health: () => ProbeAnswer;
  /** The process can do its work now (a worker: started, and its stores answer). */
  readiness: () => Promise<ProbeAnswer>;
}

/**
 * `/metrics`, `/healthz` and `/readyz` on a port of their own, for processes without the API (a
 * worker) or to scrape without a token. Plain node:http: a worker needs no web framework for three
 * read-only routes. Unauthenticated like the API's probes: bind it to a private interface.
 */
export function startMetricsServer(options: MetricsServerOptions): Promise<Listening> {
  const server = createServer((req, res) => {
    void answer(req, res, options).catch(() => send(res, 500, { status: 'error' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        port,
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function answer(req: IncomingMessage, res: ServerResponse, options: MetricsServerOptions) {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { status: 'method not allowed' });
  if (path === '/metrics') {
    res.writeHead(200, { 'Content-Type': options.registry.contentType });
    res.end(await options.registry.metrics());
    return;
  }
  if (path === '/healthz') {
    const { ok, body } = options.health();
    return send(res, ok ? 200 : 503, body);
  }
  if (path === '/readyz') {
    const { ok, body } = await options.readiness();
    return send(res, ok ? 200 : 503, body);
  }
  send(res, 404, { status: 'not found', routes: ['/metrics', '/healthz', '/readyz'] });
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
