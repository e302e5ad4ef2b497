import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookSink {
  url: string;
  /** Every JSON body posted, in arrival order. */
  bodies: Record<string, unknown>[];
  /** Bodies for one rule and status (the JSON notifier's `rule` and `status`). */
  count(rule: string, status: 'firing' | 'resolved'): number;
  close(): Promise<void>;
}

/** A webhook receiver on loopback that keeps what it is sent and answers 200 (or `status()`). */
export async function startWebhookSink(status: () => number = () => 200): Promise<WebhookSink> {
  const bodies: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const code = status();
      if (code < 300) bodies.push(JSON.parse(raw) as Record<string, unknown>);
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/alerts`,
    bodies,
    count: (rule, state) => bodies.filter((b) => b.rule === rule && b.status === state).length,
    close: () =>
      new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
  };
}
