import { GiB, KiB, MiB } from './measure';

/** Formatting for the printed report: fixed columns, figures rounded to what a bench can tell. */

export function bytesLabel(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`;
  if (n >= MiB) return `${(n / MiB).toFixed(n >= 10 * MiB ? 0 : 1)} MiB`;
  if (n >= KiB) return `${(n / KiB).toFixed(n >= 10 * KiB ? 0 : 1)} KiB`;
  return `${n} B`;
}

export function mb(n: number): string {
  return `${(n / 1e6).toFixed(0)} MB`;
}

export function rate(mbps: number): string {
  const digits = mbps >= 100 ? 0 : mbps >= 10 ? 1 : 2;
  return `${mbps.toFixed(digits).padStart(7)} MB/s`;
}

export function percent(part: number, whole: number): string {
  return `${whole > 0 ? Math.round((100 * part) / whole) : 0}%`.padStart(4);
}

export function target(description: string, met: boolean): string {
  return `target ${description} → ${met ? 'met' : 'NOT met'}`;
}

export function seconds(s: number): string {
  return `${s.toFixed(s >= 10 ? 1 : 2)} s`;
}

/** One figure line: indent, label padded to a column, then the rest. */
export function row(label: string, ...rest: string[]): string {
  return `    ${label.padEnd(48)} ${rest.join('  ')}`.trimEnd();
}

export function print(line = ''): void {
  process.stdout.write(line + '\n');
}
