import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request to the Messages endpoint, whatever the sink answered. */
export interface SmsRequest {
  accountSid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  /** The Idempotency-Key header (the bus message id), or '' when absent. */
  idempotencyKey: string;
  /** The status the sink answered; 201 means accepted (delivered). */
  status: number;
  at: number;
}

/**
 * A scripted answer for a number, `times` times (default: always): an error `status` with a Twilio-style
 * body (429 with `retryAfter`, 500, 400...), or 201 given late with `delayMs`.
 */
export interface SmsAnswer {
  status: number;
  retryAfter?: string;
  times?: number;
  /** Answer only after this long (a provider that does not answer in time). */
  delayMs?: number;
}

export interface SmsSink {
  /** Give it to TWILIO_BASE_URL; the credentials below are the only ones it accepts. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Every request, in arrival order. */
  requests: SmsRequest[];
  /** The accepted ones (201). */
  delivered(): SmsRequest[];
  /** How many times each idempotency key was accepted. */
  countsByKey(): Map<string, number>;
  /** Scripts the answers for messages to `to`; `undefined` answers 201 at once again. */
  respondTo(to: string, failure: SmsAnswer | undefined): void;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * A Twilio-compatible HTTP server on a free loopback port: POST
 * /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, basic auth; answers 201 with a message
 * `sid`, or the failure scripted for the number (429 with Retry-After, 500, 400, a slow answer).
 */
export async function startSmsSink(
  credentials = {
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  },
): Promise<SmsSink> {
  const requests: SmsRequest[] = [];
  const failures = new Map<string, SmsAnswer & { used: number }>();
  const expectedAuth = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = MESSAGES_PATH.exec(req.url ?? '');
      if (req.method !== 'POST' || !match)
        return answer(res, 404, twilioError(20404, 'The requested resource was not found'));
      if (req.headers.authorization !== expectedAuth || match[1] !== credentials.accountSid)
        return answer(res, 401, twilioError(20003, 'Authenticate'));
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const request: SmsRequest = {
        accountSid: match[1],
        to: form.get('To') ?? '',
        from: form.get('From') ?? undefined,
        messagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
        body: form.get('Body') ?? '',
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
        status: 201,
        at: Date.now(),
      };
      const failure = failures.get(request.to);
      const fails = failure && (failure.times === undefined || failure.used < failure.times);
      if (failure && fails) failure.used++;
      if (fails) request.status = failure.status;
      else if (!request.to || !request.body) request.status = 400;
      requests.push(request);
      const reply = () => {
        if (request.status === 201)
          return answer(res, 201, {
            sid: `SM${randomBytes(16).toString('hex')}`,
            status: 'queued',
            to: request.to,
            body: request.body,
          });
        const headers = fails && failure.retryAfter ? { 'retry-after': failure.retryAfter } : undefined;
        answer(
          res,
          request.status,
          twilioError(
            request.status === 400 ? 21211 : request.status === 429 ? 20429 : 20500,
            reasonFor(request.status),
          ),
          headers,
        );
      };
      if (!fails || !failure.delayMs) return reply();
      const timer = setTimeout(() => (timers.delete(timer), reply()), failure.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ...credentials,
    requests,
    delivered: () => requests.filter((r) => r.status === 201),
    countsByKey() {
      const counts = new Map<string, number>();
      for (const r of requests)
        if (r.status === 201) counts.set(r.idempotencyKey, (counts.get(r.idempotencyKey) ?? 0) + 1);
      return counts;
    },
    respondTo(to, failure) {
      if (failure) failures.set(to, { ...failure, used: 0 });
      else failures.delete(to);
    },
    close() {
      timers.forEach(clearTimeout);
      timers.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(
  res: http.ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const twilioError = (code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
});

function reasonFor(status: number): string {
  if (status === 400) return "The 'To' number is not a valid phone number.";
  if (status === 429) return 'Too Many Requests';
  return status >= 500 ? 'Internal Server Error' : `HTTP ${status}`;
}
