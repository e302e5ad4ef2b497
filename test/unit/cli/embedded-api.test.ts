import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { announceApi, callApi, runningApi } from '../../../src/cli/embedded-api';

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

describe('the address npm start leaves beside the embedded store', () => {
  let dir: string;
  let dsn: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'symphony-announce-'));
    dsn = `pglite://${dir}`;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is read back while this process lives, and gone after the cleanup', () => {
    const cleanup = announceApi(dsn, 'http://127.0.0.1:3000');
    expect(runningApi(dsn)).toBe('http://127.0.0.1:3000');
    cleanup();
    expect(runningApi(dsn)).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('is never seen half-written: a write that fails midway leaves the previous address whole', () => {
    announceApi(dsn, 'http://127.0.0.1:3000');
    const write = fs.writeFileSync;
    jest.spyOn(fs, 'writeFileSync').mockImplementationOnce((file) => {
      write(file as string, ''); // the file is there, its content not yet
      throw new Error('ENOSPC: no space left on device');
    });
    expect(() => announceApi(dsn, 'http://127.0.0.1:4000')).toThrow('ENOSPC');
    expect(runningApi(dsn)).toBe('http://127.0.0.1:3000');
    expect(fs.readdirSync(dir)).toEqual(['symphony-api.json']);
  });

  it('is not kept for a store of another kind', () => {
    expect(announceApi('redis://127.0.0.1:6379', 'http://127.0.0.1:3000')()).toBeUndefined();
    expect(runningApi('redis://127.0.0.1:6379')).toBeUndefined();
  });
});
