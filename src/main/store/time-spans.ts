/**
 * A set of closed time intervals [first, last] in whole µs, kept sorted and merged: two that touch
 * ([a, b] and [b + 1, c]) leave no instant between them and are one span.
 */
export class TimeSpans {
  private spans: Array<[number, number]> = [];

  constructor(initial: Iterable<[number, number]> = []) {
    for (const [a, b] of initial) this.add(a, b);
  }

  get isEmpty(): boolean {
    return this.spans.length === 0;
  }

  get first(): number | null {
    return this.spans[0]?.[0] ?? null;
  }

  get last(): number | null {
    return this.spans.at(-1)?.[1] ?? null;
  }

  list(): ReadonlyArray<readonly [number, number]> {
    return this.spans;
  }

  add(first: number, last: number): void {
    if (last < first) [first, last] = [last, first];
    const next: Array<[number, number]> = [];
    let merged: [number, number] = [first, last];
    let placed = false;
    for (const s of this.spans) {
      if (s[1] + 1 < merged[0]) next.push(s);
      else if (s[0] > merged[1] + 1) {
        if (!placed) {
          next.push(merged);
          placed = true;
        }
        next.push(s);
      } else merged = [Math.min(s[0], merged[0]), Math.max(s[1], merged[1])];
    }
    if (!placed) next.push(merged);
    this.spans = next;
  }

  /** The parts of [first, last] these spans cover. */
  within(first: number, last: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const [a, b] of this.spans) {
      if (b < first || a > last) continue;
      out.push([Math.max(a, first), Math.min(b, last)]);
    }
    return out;
  }

  covers(t: number): boolean {
    return this.spans.some(([a, b]) => a <= t && t <= b);
  }

  /** True when [first, last] lies entirely inside one span. */
  coversAll(first: number, last: number): boolean {
    return this.spans.some(([a, b]) => a <= first && last <= b);
  }
}
