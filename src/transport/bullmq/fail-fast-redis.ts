import { Command, type Cluster, type Redis, type RedisOptions } from 'ioredis';
import { TransportUnavailableError } from '../../errors';

/**
 * ioredis options of a producer connection: nothing is kept for later. No offline queue (a
 * command while disconnected is refused, never sent when Redis returns), no resend after a
 * reconnect, and in-flight commands rejected when the connection drops. (The reply's own bound is
 * failFast's watchdog: ioredis's commandTimeout arms a timer per command, about 4 µs of CPU each.)
 */
export function failFastOptions(): RedisOptions {
  return { enableOfflineQueue: false, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 };
}

type Client = Redis | Cluster;
type SendCommand = (command: Command, stream?: unknown, node?: unknown) => unknown;

/**
 * Producer side of "producers fail fast, consumers wait": a command given while the client is
 * (re)connecting waits at most `timeoutMs` for it, then fails with TRANSPORT_UNAVAILABLE and is
 * dropped; connection errors of sent commands become TRANSPORT_UNAVAILABLE too, marked ambiguous
 * (the store may have applied them). The client must use failFastOptions (a cluster: as its
 * nodes' options, and be lazy so its nodes are hooked before they connect).
 */
export function failFast<T extends Client>(client: T, timeoutMs: number): T {
  // A cluster routes each command to a node connection, which it opens lazily: bound those too.
  if (client.isCluster) client.on('+node', (node: Redis) => failFast(node, timeoutMs));
  const send = (client.sendCommand as SendCommand).bind(client);
  const watch = replyWatchdog(client, timeoutMs);
  let nextReady: Promise<void> | undefined;
  const ready = () =>
    (nextReady ??= new Promise<void>((resolve) =>
      client.once('ready', () => {
        nextReady = undefined;
        resolve();
      }),
    ));
  (client as { sendCommand: SendCommand }).sendCommand = (command, stream, node) => {
    const reject = command.reject;
    command.reject = (error: Error) => reject(asUnavailable(error, timeoutMs));
    if (passesThrough(client.status, command.name)) {
      const reply = send(command, stream, node);
      watch(command); // after: ioredis queues the command as it sends it
      return reply;
    }
    if (client.status === 'wait') void client.connect().catch(() => undefined); // lazyConnect
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    void Promise.race([ready().then(() => true), expired]).then((connected) => {
      clearTimeout(timer);
      if (!connected) return command.reject(notConnected(timeoutMs));
      send(command, stream, node);
      watch(command);
    });
    return command.promise;
  };
  return client;
}

/** An entry of ioredis's queue of sent commands awaiting their reply, in sending order. */
interface Sent {
  command: Command;
  /** Stamped by the watchdog; absent on commands sent before the watchdog saw them. */
  sentAt?: number;
}
interface SentQueue {
  readonly length: number;
  peekAt(index: number): Sent | undefined;
}

/**
 * Rejects a sent command whose reply has not come within about `timeoutMs` (Redis hung, or the
 * network silently dropped). It stamps the send time on ioredis's own entry for the command and
 * checks its queue, oldest first, from one timer per client: nothing is allocated or kept per
 * command (keeping the commands themselves until the next check, half a second, doubled the
 * young-generation collection time of a dispatch). A cluster's commands are watched by its nodes.
 */
function replyWatchdog(client: Client, timeoutMs: number): (command: Command) => void {
  if (client.isCluster) return () => undefined;
  // Replaced on each reconnect (the old one is flushed): read afresh every time.
  const sentQueue = () => (client as unknown as { commandQueue: SentQueue }).commandQueue;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const queue = sentQueue();
    const now = Date.now();
    for (let i = 0; i < queue.length; i++) {
      const { command, sentAt } = queue.peekAt(i)!;
      if (sentAt === undefined || settled(command)) continue;
      if (sentAt + timeoutMs > now) break;
      command.reject(new Error('Command timed out'));
    }
    if (queue.length === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  return (command) => {
    const queue = sentQueue();
    const last = queue.peekAt(queue.length - 1);
    if (last?.command !== command) return; // refused at once: nothing awaits a reply
    last.sentAt = Date.now();
    timer ??= setInterval(check, Math.max(50, Math.ceil(timeoutMs / 10))).unref();
  };
}

const settled = (command: Command) => (command as unknown as { isSettled: boolean }).isSettled;

/**
 * Connected, closed for good (ioredis refuses at once), or the connect's own commands: the
 * handshake, and a cluster's ready check (CLUSTER INFO).
 */
function passesThrough(status: string, name: string): boolean {
  if (status === 'ready' || status === 'end' || name === 'quit') return true;
  return status === 'connect' && (name === 'cluster' || Command.checkFlag('HANDSHAKE_COMMANDS', name));
}

/** ioredis's refusals without an offline queue: the command was never sent. */
const NOT_WRITABLE = ["Stream isn't writeable", "Cluster isn't ready"];
/**
 * Sent, and the connection went before the reply: the last is ioredis's word for the rest of a pipeline
 * that was partly answered (a Sentinel failover closing the old master's connection mid-dispatch).
 */
const IN_FLIGHT = ['Command timed out', 'Connection is closed.', 'Command aborted due to connection close'];

function asUnavailable(error: Error, timeoutMs: number): Error {
  if (error instanceof TransportUnavailableError) return error;
  if (NOT_WRITABLE.some((m) => error.message.startsWith(m))) return notConnected(timeoutMs, error);
  if (error.name === 'MaxRetriesPerRequestError' || IN_FLIGHT.includes(error.message)) {
    return new TransportUnavailableError(
      `Redis did not confirm a command within ${timeoutMs} ms (${error.message}): it may or may not have been applied. ` +
        'A dispatch retried with the same idempotency key is stored at most once.',
      retryAfter(timeoutMs),
      true,
      { cause: error },
    );
  }
  return error;
}

function notConnected(timeoutMs: number, cause?: Error): TransportUnavailableError {
  return new TransportUnavailableError(
    `Redis is not reachable (no connection within ${timeoutMs} ms): nothing was sent, and nothing will be sent later. Retry once Redis is back.`,
    retryAfter(timeoutMs),
    false,
    { cause },
  );
}

const retryAfter = (timeoutMs: number) => Math.max(1, Math.ceil(timeoutMs / 1000));
