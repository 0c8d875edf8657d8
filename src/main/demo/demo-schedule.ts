const DAY_S = 86_400;
const DAYS = 3;
const WORKDAY_START_S = 8 * 3600 + 40 * 60; // 08:40 UTC
const WORKDAY_S = 9 * 3600;

/**
 * Start times (unix seconds) for `count` demo sessions, oldest first: spread over the working
 * hours of the last few days before today (UTC), so every one is in the past, distinct and
 * at an irregular minute, as real sessions are.
 */
export function demoStartTimes(count: number, nowMs: number): number[] {
  const today = Math.floor(nowMs / 1000 / DAY_S) * DAY_S;
  const perDay = Math.max(1, Math.ceil(count / DAYS));
  const days = Math.ceil(count / perDay);
  const slot = Math.floor(WORKDAY_S / perDay);
  return Array.from({ length: count }, (_, i) => {
    const day = today - (days - Math.floor(i / perDay)) * DAY_S;
    // A deterministic jitter (a multiplicative hash) below half a slot keeps the order and makes the times uneven.
    const jitter = (Math.imul(i + 1, 2654435761) >>> 0) % Math.max(1, Math.floor(slot / 2));
    return day + WORKDAY_START_S + (i % perDay) * slot + jitter;
  });
}
