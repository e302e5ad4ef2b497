import type { BodyOf, MessageDefinition } from '../message/define-message';
import { apiRequest, type ApiRequest, type RequestSettings, type RetryPolicy } from './http-request';
import type {
  BatchMessage,
  BulkProgress,
  DispatchOptions,
  DispatchRequest,
  DispatchResult,
  FailedFilter,
  FailedListQuery,
  FailedMessage,
  FailedOutcome,
  FailedPage,
  ScheduleInfo,
  SchedulePut,
  ScheduleRemoved,
  StatusResponse,
} from './types';

export interface SymphonyClientOptions {
  /** Where the API listens, e.g. https://symphony.internal (its routes are under /api/symphony). */
  baseUrl: string;
  /** A bearer token from SYMPHONY_DISPATCHER_TOKENS (dispatch, status) or SYMPHONY_ADMIN_TOKENS. */
  token?: string;
  /** Default: the global fetch (Node 18+, browsers, Edge and Workers runtimes). */
  fetch?: typeof fetch;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

const API = '/api/symphony';

/**
 * The HTTP API from anywhere fetch runs, the Edge runtime included: no Node built-ins, no driver.
 * Every dispatch carries an idempotency key (yours, or one made here), reused on each retry, so a
 * retried request never stores a second copy.
 */
export class SymphonyClient {
  private readonly settings: RequestSettings;

  constructor(options: SymphonyClientOptions) {
    this.settings = {
      baseUrl: options.baseUrl,
      token: options.token,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: { retries: options.retry?.retries ?? 3, maxDelayMs: options.retry?.maxDelayMs ?? 30_000 },
    };
  }

  dispatch<D extends MessageDefinition>(
    message: D,
    body: BodyOf<D>,
    options?: DispatchOptions,
  ): Promise<DispatchResult>;
  dispatch(type: string, body: unknown, options?: DispatchOptions): Promise<DispatchResult>;
  dispatch(
    message: string | MessageDefinition,
    body: unknown,
    options?: DispatchOptions,
  ): Promise<DispatchResult> {
    const request = keyed({ type: typeOf(message), body, options });
    return this.call({ method: 'POST', path: `${API}/dispatch`, body: request, safe: true });
  }

  /** Up to 1,000 messages, all stored or none. */
  async dispatchBatch(messages: readonly BatchMessage[]): Promise<DispatchResult[]> {
    const items = messages.map((m) =>
      keyed('message' in m ? { type: m.message.type, body: m.body, options: m.options } : m),
    );
    const body = { messages: items };
    return (
      await this.call<{ results: DispatchResult[] }>({
        method: 'POST',
        path: `${API}/dispatch/batch`,
        body,
        safe: true,
      })
    ).results;
  }

  status(): Promise<StatusResponse> {
    return this.call({ method: 'GET', path: `${API}/status`, safe: true });
  }

  readonly failed = {
    list: (query: FailedListQuery = {}): Promise<FailedPage> =>
      this.call({ method: 'GET', path: `${API}/failed`, query, safe: true }),
    show: (id: string, options: { queue?: string } = {}): Promise<FailedMessage> =>
      this.call({
        method: 'GET',
        path: `${API}/failed/${encodeURIComponent(id)}`,
        query: options,
        safe: true,
      }),
    retry: (id: string, options: { queue?: string } = {}): Promise<FailedOutcome> =>
      this.call({
        method: 'POST',
        path: `${API}/failed/${encodeURIComponent(id)}/retry`,
        query: options,
        safe: false,
      }),
    remove: (id: string, options: { queue?: string } = {}): Promise<FailedOutcome> =>
      this.call({
        method: 'DELETE',
        path: `${API}/failed/${encodeURIComponent(id)}`,
        query: options,
        safe: false,
      }),
    retryWhere: (filter: FailedFilter): Promise<BulkProgress> =>
      this.call({ method: 'POST', path: `${API}/failed/retry`, body: filter, safe: false }),
    removeWhere: (filter: FailedFilter): Promise<BulkProgress> =>
      this.call({ method: 'DELETE', path: `${API}/failed`, query: filter, safe: false }),
  };

  readonly schedules = {
    list: async (): Promise<ScheduleInfo[]> =>
      (
        await this.call<{ schedules: ScheduleInfo[] }>({
          method: 'GET',
          path: `${API}/schedules`,
          safe: true,
        })
      ).schedules,
    /** Creates or replaces a runtime schedule (one of cron, every or at). */
    put: (id: string, schedule: SchedulePut): Promise<ScheduleInfo> =>
      this.call({
        method: 'PUT',
        path: `${API}/schedules/${encodeURIComponent(id)}`,
        body: schedule,
        safe: true,
      }),
    remove: (id: string): Promise<ScheduleRemoved> =>
      this.call({ method: 'DELETE', path: `${API}/schedules/${encodeURIComponent(id)}`, safe: false }),
    run: (id: string): Promise<DispatchResult> =>
      this.call({ method: 'POST', path: `${API}/schedules/${encodeURIComponent(id)}/run`, safe: false }),
  };

  private call<T>(request: ApiRequest): Promise<T> {
    return apiRequest<T>(this.settings, request);
  }
}

export function createSymphonyClient(options: SymphonyClientOptions): SymphonyClient {
  return new SymphonyClient(options);
}

const typeOf = (message: string | MessageDefinition): string =>
  typeof message === 'string' ? message : message.type;

/** The request with an idempotency key, made here when the caller gave none. */
function keyed(request: DispatchRequest): DispatchRequest {
  if (request.options?.idempotencyKey) return request;
  return { ...request, options: { ...request.options, idempotencyKey: crypto.randomUUID() } };
}
