import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One e-mail the sink accepted, with the headers tests compare. */
export interface ReceivedEmail {
  /** The Message-ID header as sent, e.g. `<0b6c…@example.com>`. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  raw: string;
  at: number;
}

/** How the sink answers RCPT TO for an address: an SMTP reply code (550 permanent, 451 transient) and text. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: plain SMTP, no auth (give it to SMTP_URL). */
  url: string;
  /** Every accepted e-mail in arrival order, repeats included. */
  received: ReceivedEmail[];
  /** How many times each Message-ID arrived. */
  countsByMessageId(): Map<string, number>;
  /** Refuses RCPT TO for `address` from now on; `undefined` accepts it again. */
  refuse(address: string, refusal: SmtpRefusal | undefined): void;
  close(): Promise<void>;
}

/**
 * A local SMTP server on a free loopback port that records every message (smtp-server): the
 * e-mail side of end-to-end tests and the bench. Close it in afterAll/afterEach.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedEmail[] = [];
  const refusals = new Map<string, SmtpRefusal>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    // Large fan-outs (bench) open a pool of connections; the default cap is 100.
    maxClients: 1000,
    // Idle pooled client connections would hold close() for the default 30 s.
    closeTimeout: 200,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = parseHeaders(raw);
        received.push({
          messageId: headers.get('message-id') ?? '',
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: headers.get('subject') ?? '',
          raw,
          at: Date.now(),
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined); // a client dropping mid-session (a killed worker) is not the sink's failure
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const m of received) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
      return counts;
    },
    refuse(address, refusal) {
      if (refusal) refusals.set(address.toLowerCase(), refusal);
      else refusals.delete(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The header block of a raw message, unfolded, names lower-cased (first occurrence wins). */
function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 1) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}
