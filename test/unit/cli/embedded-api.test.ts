import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callApi } from '../../../src/cli/embedded-api';
import { describeError } from '../../../src/cli/main';
import { ValidationError } from '../../../src/errors';

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
  it('names body fields as the local CLI does (`to`, not `payload.to`), each listed once', async () => {
    const issues = [
      { path: 'payload.to', message: 'Invalid email address' },
      { path: 'payload', message: 'Expected object' },
      { path: 'options.delay', message: 'Too small' },
    ];
    const api = await apiAnswering(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: new ValidationError('Invalid payload', issues).message,
        details: issues,
      },
    });
    try {
      const error = await callApi(api.url, 'POST', '/dispatch', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toBe(
        'Invalid payload: to: Invalid email address; (root): Expected object; options.delay: Too small',
      );
      expect(describeError(error)).toBe(
        [
          'error: VALIDATION_FAILED: Invalid payload',
          '  to: Invalid email address',
          '  (root): Expected object',
          '  options.delay: Too small',
        ].join('\n'),
      );
    } finally {
      api.close();
    }
  });

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
});
