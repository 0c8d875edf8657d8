// Durations and a case's span on screen: rounded to the unit shown before they are split into
// units, so no "1 min 60 s" or "11 days 24 h" (the demo's overview said the latter).
import { describe, expect, it } from 'vitest';
import { formatDuration, formatLongSpan } from '../../../src/renderer/src/ui/format';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

describe('formatDuration', () => {
  it('reads milliseconds, seconds, minutes and hours', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(1.04 * S)).toBe('1.0 s');
    expect(formatDuration(27 * S)).toBe('27 s');
    expect(formatDuration(MIN + 41 * S)).toBe('1 min 41 s');
    expect(formatDuration(2 * H + 5 * MIN)).toBe('2 h 5 min');
  });

  it('never shows a unit at its full count', () => {
    expect(formatDuration(9.97 * S)).toBe('10 s');
    expect(formatDuration(59.7 * S)).toBe('1 min 0 s');
    expect(formatDuration(MIN + 59.6 * S)).toBe('2 min 0 s');
    expect(formatDuration(59 * MIN + 59.7 * S)).toBe('1 h 0 min');
    expect(formatDuration(H + 59.6 * MIN)).toBe('2 h 0 min');
  });
});

describe('formatLongSpan', () => {
  it('counts days and hours from two days on, shorter spans as a duration', () => {
    expect(formatLongSpan(DAY + 3 * H)).toBe(formatDuration(DAY + 3 * H));
    expect(formatLongSpan(12 * DAY + 23 * H)).toBe('12 days 23 h');
    expect(formatLongSpan(3 * DAY)).toBe('3 days');
  });

  it('rounds to whole hours before splitting into days', () => {
    expect(formatLongSpan(11 * DAY + 23 * H + 43 * MIN)).toBe('12 days');
    expect(formatLongSpan(11 * DAY + 23 * H + 20 * MIN)).toBe('11 days 23 h');
  });
});
