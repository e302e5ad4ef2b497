import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callApi } from '../../../src/cli/embedded-api';

/** A stand-in for the API of the process holding the embedded store: answers every call with `body`. */
async function apiAnswering(status: number, body: unknown): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('callApi', () => {
  it('keeps the code and message of other errors', async () => {
    const api = await apiAnswering(403, { error: { code: 'FORBIDDEN', message: 'Not allowed' } });
    try {
      await expect(callApi(api.url, 'GET', '/status')).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Not allowed',
      });
    } finally {
      api.close();
    }
  });

  it('says the holding process does not answer when nothing listens there', async () => {
    const api = await apiAnswering(200, {});
    api.close();
    await expect(callApi(api.url, 'POST', '/cli', { args: ['stats'] })).rejects.toMatchObject({
      code: 'TRANSPORT_FAILED',
      message: `The process holding the embedded store does not answer at ${api.url}.`,
    });
  });
});
