// Binary searches over times in ascending order (µs since the program started).

/** Index of the last time <= `t`, or -1 when every time is later. */
export function lastAtOrBefore(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Index of the first time > `t`, or -1 when none is. */
export function firstAfter(times: ArrayLike<number>, t: number): number {
  const i = lastAtOrBefore(times, t) + 1;
  return i < times.length ? i : -1;
}

/** Index of the last time < `t`, or -1. */
export function lastBefore(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
