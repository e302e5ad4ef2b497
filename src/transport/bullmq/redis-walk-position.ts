import { ValidationError } from '../../errors';

/** How a state's key is read: a list from its head, a sorted set by score, either way. */
export type WalkOrder = 'list' | 'newest' | 'oldest';

/**
 * Where a Redis walk stands in one segment (one state key of one queue). Lists continue from an
 * offset; sorted sets from the last score seen, skipping the members of that score already read,
 * so members added or removed elsewhere in the set never shift the walk.
 */
export class WalkPosition {
  private constructor(
    readonly segment: number,
    private readonly order: WalkOrder,
    private readonly offset: number,
    private readonly score: number | undefined,
    private readonly skip: number,
  ) {}

  static start(segment: number, order: WalkOrder): WalkPosition {
    return new WalkPosition(segment, order, 0, undefined, 0);
  }

  /** Reads back `encode()`; the segment's order comes from the walk, not from the client. */
  static parse(after: string | undefined, orderOf: (segment: number) => WalkOrder | undefined): WalkPosition {
    if (after === undefined) return WalkPosition.start(0, orderOf(0) ?? 'list');
    let data: unknown;
    try {
      data = JSON.parse(after);
    } catch {
      data = undefined;
    }
    const [segment, offset, score, skip] = Array.isArray(data) ? (data as unknown[]) : [];
    const order = Number.isInteger(segment) ? orderOf(segment as number) : undefined;
    const valid =
      order !== undefined &&
      Number.isInteger(offset) &&
      (score === null || Number.isFinite(score)) &&
      Number.isInteger(skip);
    if (!valid)
      throw new ValidationError('Invalid cursor', [
        { path: 'cursor', message: 'not a position of this search' },
      ]);
    return new WalkPosition(
      segment as number,
      order,
      offset as number,
      (score as number | null) ?? undefined,
      skip as number,
    );
  }

  encode(): string {
    return JSON.stringify([this.segment, this.offset, this.score ?? null, this.skip]);
  }

  /** The next read of `count` entries: LRANGE start..stop, or Z[REV]RANGEBYSCORE from … LIMIT skip count. */
  range(count: number): { start: number; stop: number; from: string; skip: number } {
    const edge = this.order === 'newest' ? '+inf' : '-inf';
    return {
      start: this.offset,
      stop: this.offset + count - 1,
      from: this.score === undefined ? edge : String(this.score),
      skip: this.skip,
    };
  }

  /** Past one more entry (with its score, in a sorted set). */
  next(score?: number): WalkPosition {
    if (this.order === 'list' || score === undefined) {
      return new WalkPosition(this.segment, this.order, this.offset + 1, this.score, this.skip);
    }
    const skip = score === this.score ? this.skip + 1 : 1;
    return new WalkPosition(this.segment, this.order, this.offset + 1, score, skip);
  }
}
