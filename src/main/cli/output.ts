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

/**
 * A stored ISO time as the CLI prints it in text: "2026-11-21 17:20:15 UTC", one format for every
 * command (--json keeps the ISO text with milliseconds).
 */
export function utcText(iso: string | null | undefined): string | null {
  if (iso === null || iso === undefined) return null;
  const m = /^(\d{4,}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
