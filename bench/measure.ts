import { readFileSync } from 'node:fs';

/** Timing helpers for the bench: wall clock in seconds, throughput in decimal MB/s (10^6 bytes). */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export function now(): number {
  return performance.now() / 1000;
}

export function mbPerSecond(bytes: number, seconds: number): number {
  return seconds > 0 ? bytes / 1e6 / seconds : 0;
}

/** Runs a full GC when node was started with --expose-gc (npm run bench does), so runs start even. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

export interface Rate {
  /** Median of the rounds' rates. */
  mbps: number;
  /** Lowest and highest round rates: how noisy the machine was. */
  minMbps: number;
  maxMbps: number;
  /** Bytes of one pass. */
  bytesPerPass: number;
}

export interface Contender {
  name: string;
  bytesPerPass: number;
  pass: () => Promise<void> | void;
}

/**
 * Times several ways of doing the same work in interleaved rounds (A B C, A B C, ...), so a
 * machine that slows down or speeds up mid-run does not favour whoever ran first. Each round
 * repeats a contender's pass for at least `secondsPerRound`; the figure is the median round.
 * Every contender gets one untimed warm-up pass first.
 */
export async function measureInterleaved(
  contenders: readonly Contender[],
  rounds: number,
  secondsPerRound: number,
): Promise<Map<string, Rate>> {
  for (const c of contenders) await c.pass();
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      collectGarbage();
      let seconds = 0;
      let passes = 0;
      do {
        const t0 = now();
        await c.pass();
        seconds += now() - t0;
        passes += 1;
      } while (seconds < secondsPerRound);
      samples.get(c.name)!.push(mbPerSecond(c.bytesPerPass * passes, seconds));
    }
  }
  const out = new Map<string, Rate>();
  for (const c of contenders) {
    const xs = samples.get(c.name)!.sort((a, b) => a - b);
    out.set(c.name, {
      mbps: xs[Math.floor(xs.length / 2)]!,
      minMbps: xs[0]!,
      maxMbps: xs[xs.length - 1]!,
      bytesPerPass: c.bytesPerPass,
    });
  }
  return out;
}

/** xorshift32: a tiny deterministic PRNG so every run generates the same synthetic data. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** Uniform in [0, 2^32). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p * 0x1_0000_0000;
  }
}

/**
 * Peak resident set of this process in bytes. On Linux this is VmHWM, the high-water mark of
 * this process's own address space: getrusage's maxRSS is not usable in a spawned child there,
 * because fork+exec folds the parent's RSS at fork time into the child's maxRSS.
 */
export function peakRss(): { bytes: number; source: 'VmHWM' | 'maxRSS' } {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'));
    if (m) return { bytes: Number(m[1]) * 1024, source: 'VmHWM' };
  } catch {
    // not Linux: fall back to getrusage
  }
  return { bytes: process.resourceUsage().maxRSS * 1024, source: 'maxRSS' };
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

/**
 * p50, p99 and max of samples, by nearest rank: the p-th percentile is the smallest sample with at
 * least p% of the samples at or below it (of 100 samples, p99 is the 99th smallest, not the
 * largest; of fewer than 100, p99 is the largest). Zeros for no samples.
 */
export function percentiles(samples: readonly number[]): Percentiles {
  const xs = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => xs[Math.max(0, Math.ceil(p * xs.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: xs.at(-1) ?? 0, n: xs.length };
}
