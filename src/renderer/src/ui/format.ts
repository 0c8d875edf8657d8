// How numbers, sizes, durations and times read on screen. Times show in UTC or the machine's zone
// (the switch in the top bar, time-zone.ts), as "2026-11-21 17:20:15" like the CLI, with the zone
// said beside them, since investigators compare them with other logs.

import { currentZone } from './time-zone';
import { fieldsIn, offsetMs } from './zoned-time';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** 1:02:03, 2:03, 0:04.5 for short spans. */
export function formatClock(us: number, withTenths = false): string {
  const totalSeconds = Math.max(0, us) / 1e6;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const sec = withTenths ? s.toFixed(1).padStart(4, '0') : String(Math.floor(s)).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 59.5) return `${s.toFixed(s < 9.95 ? 1 : 0)} s`;
  // Rounded to the unit shown before it is split, so 119.6 s reads "2 min 0 s", never "1 min 60 s".
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A case's span: "12 days 23 h" from two days on (formatDuration says "286 h 52 min"), shorter ones as formatDuration. */
export function formatLongSpan(ms: number): string {
  const DAY = 86_400_000;
  if (ms < 2 * DAY) return formatDuration(ms);
  // Whole hours first, so 11 days 23.6 h reads "12 days", never "11 days 24 h".
  const hours = Math.round(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  return `${days} days${hours % 24 > 0 ? ` ${hours % 24} h` : ''}`;
}

/** "2026-11-21 17:20:15" in the zone times are shown in (time-zone.ts): the CLI's format, without the zone. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '–';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '–' : `${isoDate(ms)} ${clockOf(ms)}`;
}

/** "17:20:15" in the zone times are shown in. */
export function formatTimeOfDay(iso: string | null): string {
  if (iso === null) return '–';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '–' : clockOf(ms);
}

/** "2026-11-21 17:20:15 UTC", "2026-11-21 18:20:15 UTC+01:00": a moment that says its date and zone. */
export function formatMoment(ms: number, withTenths = false): string {
  const tenths = withTenths ? `.${Math.floor((((ms % 1000) + 1000) % 1000) / 100)}` : '';
  return `${isoDate(ms)} ${clockOf(ms)}${tenths} ${zoneLabel(ms)}`;
}

/** "UTC" or "UTC+01:00" (the offset in force at that moment): shown beside times so a screenshot says its zone. */
export function utcOffsetLabel(date = new Date()): string {
  return zoneLabel(date.getTime());
}

function zoneLabel(ms: number): string {
  const zone = currentZone();
  if (zone === 'UTC') return 'UTC';
  const minutes = Math.round(offsetMs(ms, zone) / 60_000);
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const two = (n: number): string => String(n).padStart(2, '0');

function isoDate(ms: number): string {
  const f = fieldsIn(ms, currentZone());
  return `${String(f.year).padStart(4, '0')}-${two(f.month + 1)}-${two(f.day)}`;
}

function clockOf(ms: number): string {
  const f = fieldsIn(ms, currentZone());
  return `${two(f.hour)}:${two(f.minute)}:${two(f.second)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
