// The timeline's time axis in explicit zones (never the machine's): ticks on round times of the
// zone across daylight-saving changes (one hour, and Lord Howe's half hour), zones whose offset is
// not whole hours, bucket alignment, and the wall-clock arithmetic under it, checked against
// JavaScript's own Date rules where the machine's zone can be pinned (UTC) and against facts of
// the zone database otherwise.
import { describe, expect, it } from 'vitest';
import { formatRange, histogramAxis, timeTicks } from '../../../src/renderer/src/screens/timeline/time-axis';
import { fieldsIn, offsetMs, startOfDay, zonedMs } from '../../../src/renderer/src/ui/zoned-time';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;
const BERLIN = 'Europe/Berlin';
const utc = (iso: string): number => Date.parse(iso);

describe('wall-clock arithmetic in a named zone', () => {
  it('reads the offsets the zone database gives on either side of a change', () => {
    expect(offsetMs(utc('2026-03-29T00:59:59Z'), BERLIN)).toBe(HOUR);
    expect(offsetMs(utc('2026-03-29T01:00:00Z'), BERLIN)).toBe(2 * HOUR);
    expect(offsetMs(utc('2026-10-25T00:59:59Z'), BERLIN)).toBe(2 * HOUR);
    expect(offsetMs(utc('2026-10-25T01:00:00Z'), BERLIN)).toBe(HOUR);
    expect(offsetMs(utc('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR);
    expect(offsetMs(utc('2026-07-01T12:00:00Z'), 'UTC')).toBe(0);
  });

  it("follows Date's rules: overflowing fields carry, a skipped time uses the earlier offset, a repeated one is the first", () => {
    // 02:30 never happens in Berlin on 2026-03-29 (01:59:59 CET is followed by 03:00 CEST).
    expect(zonedMs(BERLIN, 2026, 2, 29, 2, 30)).toBe(utc('2026-03-29T01:30:00Z'));
    // 02:30 happens twice on 2026-10-25: first in CEST (00:30Z), then in CET (01:30Z).
    expect(zonedMs(BERLIN, 2026, 9, 25, 2, 30)).toBe(utc('2026-10-25T00:30:00Z'));
    expect(zonedMs(BERLIN, 2026, 0, 31, 25)).toBe(utc('2026-02-01T00:00:00Z'));
    expect(zonedMs(BERLIN, 2026, 12, 1)).toBe(utc('2026-12-31T23:00:00Z'));
    // In UTC, the same as Date.UTC for any fields, overflowing or not.
    const samples: Array<[number, number, number, number, number]> = [
      [2026, 1, 29, 0, 0],
      [2024, 1, 29, 23, 59],
      [2026, 11, 31, 48, 61],
      [2026, 5, -3, -2, 0],
    ];
    for (const [y, mo, d, h, mi] of samples) expect(zonedMs('UTC', y, mo, d, h, mi)).toBe(Date.UTC(y, mo, d, h, mi));
  });

  it('gives the fields of an instant, weekday and milliseconds included', () => {
    expect(fieldsIn(utc('2026-11-21T23:30:15.250Z'), 'America/New_York')).toEqual({
      year: 2026,
      month: 10,
      day: 21,
      hour: 18,
      minute: 30,
      second: 15,
      ms: 250,
      weekday: 6,
    });
    expect(startOfDay(utc('2026-03-29T12:00:00Z'), BERLIN)).toBe(utc('2026-03-28T23:00:00Z'));
  });
});

/** Each tick's wall-clock fields in `zone`. */
const wall = (ticks: Array<{ ms: number }>, zone: string) => ticks.map((t) => fieldsIn(t.ms, zone));

describe('ticks on round times of the zone', () => {
  it('puts whole-hour ticks on whole Berlin hours across the spring change (a 23-hour day)', () => {
    const from = utc('2026-03-28T23:00:00Z'); // midnight in Berlin
    const to = utc('2026-03-29T22:00:00Z'); // the next midnight: 23 hours later
    const ticks = timeTicks(from, to, 23 * 20, 20, BERLIN); // an hour is 20 px: one tick an hour
    const fields = wall(ticks, BERLIN);
    expect(fields.every((f) => f.minute === 0 && f.second === 0)).toBe(true);
    // 02:00 does not exist that day: 00, 01, 03, …, 23 and the next midnight.
    expect(fields.map((f) => f.hour)).toEqual([0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3), 0]);
    expect(ticks.map((t) => t.label).slice(1, 3)).toEqual(['01:00', '03:00']);
    expect(ticks[0]!.major).toBe(true);
    expect(ticks.at(-1)!.major).toBe(true);
  });

  it('never repeats or reorders ticks on the autumn change (a 25-hour day), and 6-hour ticks stay on 00/06/12/18', () => {
    const from = utc('2026-10-24T22:00:00Z'); // midnight in Berlin
    const to = utc('2026-10-25T23:00:00Z'); // the next midnight: 25 hours later
    const hourly = timeTicks(from, to, 25 * 20, 20, BERLIN);
    for (let i = 1; i < hourly.length; i++) expect(hourly[i]!.ms).toBeGreaterThan(hourly[i - 1]!.ms);
    expect(wall(hourly, BERLIN).every((f) => f.minute === 0)).toBe(true);
    const sixHourly = timeTicks(from, to, 4 * 100, 90, BERLIN);
    expect(wall(sixHourly, BERLIN).map((f) => f.hour)).toEqual([0, 6, 12, 18, 0]);
    // 00:00 to 06:00 that day is seven hours of real time.
    expect(sixHourly[1]!.ms - sixHourly[0]!.ms).toBe(7 * HOUR);
  });

  it('keeps whole hours on Lord Howe Island, whose clocks move by half an hour', () => {
    const zone = 'Australia/Lord_Howe';
    // 2026-04-05 02:00 (+11) goes back to 01:30 (+10:30).
    expect(offsetMs(utc('2026-04-04T14:59:00Z'), zone)).toBe(11 * HOUR);
    expect(offsetMs(utc('2026-04-04T15:01:00Z'), zone)).toBe(10.5 * HOUR);
    const from = utc('2026-04-04T10:00:00Z');
    const ticks = timeTicks(from, from + 12 * HOUR, 12 * 20, 20, zone);
    expect(ticks.length).toBeGreaterThanOrEqual(11);
    expect(wall(ticks, zone).every((f) => f.minute === 0)).toBe(true);
  });

  it('ticks on :00, :15, :30, :45 of the clock in a zone half an hour off UTC (India)', () => {
    const zone = 'Asia/Kolkata';
    const from = utc('2026-07-01T06:05:00Z');
    const ticks = timeTicks(from, from + 2 * HOUR, 8 * 100, 90, zone);
    expect(ticks.length).toBe(8);
    expect(wall(ticks, zone).map((f) => f.minute)).toEqual([45, 0, 15, 30, 45, 0, 15, 30]);
    // Whole hours of India's clock are half hours in UTC: the zone decides.
    const hourly = timeTicks(from, from + 6 * HOUR, 6 * 100, 90, zone);
    expect(wall(hourly, zone).map((f) => f.minute)).toEqual(Array(6).fill(0));
    expect(wall(hourly, 'UTC').map((f) => f.minute)).toEqual(Array(6).fill(30));
  });

  it('puts day, week, month and year ticks on midnights of the zone, weeks on Mondays', () => {
    const zone = 'America/New_York';
    const from = utc('2026-01-01T00:00:00Z');
    for (const [span, width] of [
      [20 * DAY, 20 * 100], // days
      [70 * DAY, 10 * 100], // weeks
      [400 * DAY, 13 * 100], // months (across both changes of 2026)
      [12 * 365 * DAY, 12 * 100], // years
    ] as const) {
      const ticks = timeTicks(from, from + span, width, 90, zone);
      expect(ticks.length).toBeGreaterThan(3);
      for (const f of wall(ticks, zone)) expect([f.hour, f.minute, f.second]).toEqual([0, 0, 0]);
    }
    const weekly = timeTicks(from, from + 70 * DAY, 10 * 100, 90, zone);
    expect(new Set(wall(weekly, zone).map((f) => f.weekday))).toEqual(new Set([1]));
    const monthly = timeTicks(from, from + 400 * DAY, 13 * 100, 90, zone);
    expect(new Set(wall(monthly, zone).map((f) => f.day))).toEqual(new Set([1]));
  });

  it("draws the axis of the zone it is given, never the machine's", () => {
    const from = utc('2026-11-21T10:00:00Z');
    const inUtc = timeTicks(from, from + DAY, 12 * 100, 90, 'UTC');
    expect(wall(inUtc, 'UTC').every((f) => f.hour % 2 === 0 && f.minute === 0)).toBe(true);
    // Tokyo is 9 hours ahead: its even hours are odd hours in UTC, so the 2-hour ticks are other instants.
    const inTokyo = timeTicks(from, from + DAY, 12 * 100, 90, 'Asia/Tokyo');
    expect(wall(inTokyo, 'Asia/Tokyo').every((f) => f.hour % 2 === 0 && f.minute === 0)).toBe(true);
    expect(wall(inTokyo, 'UTC').every((f) => f.hour % 2 === 1)).toBe(true);
  });
});

describe('histogram buckets', () => {
  it("starts day buckets at the zone's midnight and week buckets on its Monday", () => {
    const zone = 'America/Los_Angeles';
    const from = utc('2026-03-04T15:00:00Z'); // a Wednesday, 07:00 in Los Angeles
    const days = histogramAxis(from, from + 60 * DAY, 40, zone);
    expect(fieldsIn(days.fromMs, zone)).toMatchObject({ hour: 0, minute: 0, day: 4 });
    expect(days.toMs).toBeGreaterThanOrEqual(from + 60 * DAY);
    const weeks = histogramAxis(from, from + 300 * DAY, 50, zone);
    expect(fieldsIn(weeks.fromMs, zone)).toMatchObject({ hour: 0, minute: 0, weekday: 1, day: 2 });
  });

  it('aligns hour buckets to whole hours of a zone off UTC by half an hour', () => {
    const zone = 'Asia/Kolkata';
    const from = utc('2026-07-01T06:05:00Z');
    const axis = histogramAxis(from, from + 3 * DAY, 100, zone);
    expect(axis.toMs - axis.fromMs + 1).toBe(axis.buckets * HOUR);
    expect(fieldsIn(axis.fromMs, zone).minute).toBe(0);
    expect(fieldsIn(axis.fromMs, 'UTC').minute).toBe(30);
  });
});

describe('ranges in words', () => {
  const now = utc('2026-12-01T00:00:00Z');
  it("says a day's last hour ends at 24:00 in the zone, not at the next day's 00:00", () => {
    const from = utc('2026-11-21T22:00:00Z'); // 23:00 in Berlin
    const text = formatRange(from, from + HOUR - 1, BERLIN, now);
    expect(text).toMatch(/23:00 – 24:00$/);
    expect(formatRange(from, from + HOUR - 1, 'UTC', now)).toMatch(/22:00 – 23:00$/);
  });

  it('names whole days once, and shows the year only when it is not the current one', () => {
    const midnight = utc('2026-11-02T23:00:00Z'); // Nov 3 in Berlin
    const oneDay = formatRange(midnight, midnight + DAY - 1, BERLIN, now);
    expect(oneDay).not.toMatch(/\d\d:\d\d/);
    expect(oneDay).not.toMatch(/2026/);
    expect(formatRange(midnight, midnight + DAY - 1, BERLIN, utc('2027-06-01T00:00:00Z'))).toMatch(/2026/);
    const week = formatRange(midnight, midnight + 7 * DAY - 1, BERLIN, now);
    expect(week.split(' – ')).toHaveLength(2);
  });

  it('shows seconds or tenths only when the bounds need them', () => {
    const from = utc('2026-11-21T10:00:00Z');
    expect(formatRange(from, from + 30 * MINUTE - 1, 'UTC', now)).toMatch(/10:00 – 10:30$/);
    expect(formatRange(from + 5000, from + 65_000 - 1, 'UTC', now)).toMatch(/10:00:05 – 10:01:05$/);
    expect(formatRange(from + 500, from + 1500 - 1, 'UTC', now)).toMatch(/10:00:00\.5 – 10:00:01\.5$/);
  });
});
