import { ConfigError } from '../../errors';
import { headline, type AlertNotification, type Notifier } from '../notifier';

export interface WebhookOptions {
  url: string;
  /** `json` (default): the notification as is; `slack`: `{ text, attachments }` for Slack-compatible chats. */
  format?: 'json' | 'slack';
  /** Extra request headers (say, an Authorization for the receiver). */
  headers?: Record<string, string>;
  /** A receiver that has not answered by then counts as a failure (retried). Default 10 s. */
  timeoutMs?: number;
}

const COLORS = { firing: '#d0021b', resolved: '#2e7d32' } as const;

/** Slack's incoming-webhook shape, which Mattermost, Rocket.Chat and Discord's /slack endpoint accept too. */
export function slackBody(n: AlertNotification): Record<string, unknown> {
  return {
    text: `${headline(n)}\n${n.detail}`,
    attachments: [
      {
        color: COLORS[n.status],
        fields: [
          { title: 'Rule', value: `${n.rule} (${n.kind})`, short: true },
          { title: 'Environment', value: n.environment, short: true },
          ...(n.queue ? [{ title: 'Queue', value: n.queue, short: true }] : []),
          { title: 'Since', value: n.startsAt, short: true },
        ],
      },
    ],
  };
}

/** POSTs each notification as JSON; a non-2xx answer is a failure, which the evaluator retries. */
export function webhookNotifier(options: WebhookOptions): Notifier {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ConfigError('webhookNotifier: url is not a URL', {
      fields: [{ path: 'url', message: 'expected an http:// or https:// URL' }],
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('webhookNotifier: url must be http:// or https://', {
      fields: [{ path: 'url', message: `"${url.protocol}" is not http: or https:` }],
    });
  const format = options.format ?? 'json';
  return {
    // The path of a chat webhook is its secret: only the origin is shown.
    name: `webhook ${url.origin} (${format})`,
    async notify(n) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify(format === 'slack' ? slackBody(n) : n),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`${url.origin} answered ${response.status}`);
    },
  };
}
