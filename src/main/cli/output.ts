import { safeJson, showControls } from '../../shared/control-chars';

/** Writes one JSON document to stdout (the --json contract); hidden characters as \u escapes. */
export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(value, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A plain, aligned text table. Cells are made safe for a terminal first. */
export function printTable(headers: string[], rows: string[][]): void {
  const safe = rows.map((r) => r.map((cell) => showControls(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...safe.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  printLine(fmt(headers));
  for (const r of safe) printLine(fmt(r));
}

/**
 * Recording content is hostile: never let it send escape sequences to the analyst's terminal or
 * reorder what it shows (the shared policy: control pictures, <U+XXXX> for C1 and bidi controls).
 */
export function terminalSafe(text: string): string {
  return showControls(text, { lines: true });
}

export function orDash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '-' : String(v);
}
