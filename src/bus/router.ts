import { ConfigError, RoutingError } from '../errors';

/** message type pattern -> queue. Patterns: an exact type, `prefix.*`, or `*`. */
export type RoutingTable = Readonly<Record<string, string>>;

/** Exact match wins, then the longest `prefix.*`, then `*`. Resolutions are cached per type. */
export class Router {
  private readonly exact = new Map<string, string>();
  private readonly prefixes: { prefix: string; queue: string }[] = [];
  private readonly fallback: string | undefined;
  private readonly cache = new Map<string, string>();

  constructor(table: RoutingTable) {
    let fallback: string | undefined;
    for (const [pattern, queue] of Object.entries(table)) {
      if (pattern === '*') fallback = queue;
      else if (!pattern.includes('*')) this.exact.set(pattern, queue);
      // one trailing ".*" after a non-empty, wildcard-free prefix; "a*.*" would never match anything
      else if (/^[^*]+\.\*$/.test(pattern)) this.prefixes.push({ prefix: pattern.slice(0, -1), queue });
      else
        throw new ConfigError(
          `Routing pattern "${pattern}": only "prefix.*" or "*" may use a wildcard; fix the routing table.`,
        );
    }
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    this.fallback = fallback;
  }

  resolve(type: string, override?: string): string {
    if (override) return override;
    const cached = this.cache.get(type);
    if (cached) return cached;
    const queue =
      this.exact.get(type) ?? this.prefixes.find((p) => type.startsWith(p.prefix))?.queue ?? this.fallback;
    if (!queue) throw new RoutingError(type);
    this.cache.set(type, queue);
    return queue;
  }

  /** Every queue the table can route to. */
  queues(): string[] {
    return [
      ...new Set([
        ...this.exact.values(),
        ...this.prefixes.map((p) => p.queue),
        ...(this.fallback ? [this.fallback] : []),
      ]),
    ];
  }
}
