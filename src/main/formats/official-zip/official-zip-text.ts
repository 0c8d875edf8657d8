import { InputError } from '../input-error';

/**
 * ssh-log-cli's term_data.txt wraps the server output in two lines it writes itself:
 *   Session started on 2026-11-21 17:20:16+00 [TERM="xterm-256color" COLUMNS="80" LINES="24"]
 *   ...output...
 *   \nScript done on 2026-11-21 17:20:43+00 [COMMAND_EXIT_CODE="0"]   (or [ERROR="..."], [CORE DUMPED])
 * They are metadata, never session output.
 */
export interface TermDataHeader {
  startedAtUs: number;
  term: string | null;
  cols: number | null;
  rows: number | null;
  /** Bytes of the header line including its newline. */
  bytes: number;
}

export interface TermDataTrailer {
  finishedAtUs: number | null;
  exitStatus: number | null;
  error: string | null;
  coreDumped: boolean;
}

const HEADER = /^Session started on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})([+-]\d{2}(?::?\d{2})?)?(?: \[(.*)\])?$/;
const TRAILER = /^Script done on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})([+-]\d{2}(?::?\d{2})?)?(?: \[(.*)\])?$/;

export function parseTermDataHeader(firstBytes: Uint8Array): TermDataHeader {
  const nl = firstBytes.indexOf(10);
  if (nl < 0)
    throw new InputError('ZIP_INVALID', 'term_data.txt has no "Session started on" line', {
      entry: 'term_data.txt',
      line: 1,
    });
  const line = Buffer.from(firstBytes.subarray(0, nl)).toString('utf8').replace(/\r$/, '');
  const m = HEADER.exec(line);
  if (!m)
    throw new InputError('ZIP_INVALID', 'term_data.txt does not start with "Session started on ..."', {
      entry: 'term_data.txt',
      line: 1,
    });
  const attrs = parseAttributes(m[3] ?? '');
  const cols = Number(attrs.get('COLUMNS'));
  const rows = Number(attrs.get('LINES'));
  return {
    startedAtUs: toUs(m[1]!, m[2]),
    term: attrs.get('TERM') ?? null,
    cols: Number.isInteger(cols) && cols > 0 ? cols : null,
    rows: Number.isInteger(rows) && rows > 0 ? rows : null,
    bytes: nl + 1,
  };
}

/**
 * Finds the trailer in the last bytes of term_data.txt. Returns where the session output ends
 * (relative to `tail`) and what the trailer says; null when there is no trailer.
 */
export function parseTermDataTrailer(tail: Uint8Array): { outputEnd: number; trailer: TermDataTrailer } | null {
  const text = Buffer.from(tail).toString('latin1');
  const at = text.lastIndexOf('\nScript done on ');
  if (at < 0) return null;
  const line = Buffer.from(tail.subarray(at + 1))
    .toString('utf8')
    .replace(/\r?\n$/, '');
  const m = TRAILER.exec(line);
  if (!m) return null;
  const attrs = parseAttributes(m[3] ?? '');
  const code = attrs.get('COMMAND_EXIT_CODE');
  return {
    outputEnd: at,
    trailer: {
      finishedAtUs: toUs(m[1]!, m[2]),
      exitStatus: code !== undefined && /^-?\d+$/.test(code) ? Number(code) : null,
      error: attrs.get('ERROR') ?? null,
      coreDumped: (m[3] ?? '').includes('CORE DUMPED'),
    },
  };
}

/** term_times.txt: one `<delay seconds> <byte count>` line per server packet (scriptreplay). */
export function parseTermTimesLine(text: string, line: number): { delayUs: number; bytes: number } | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d+(?:\.\d+)?)\s+(\d+)$/.exec(t);
  if (!m)
    throw new InputError('ZIP_INVALID', 'term_times.txt line is not "<seconds> <bytes>"', {
      entry: 'term_times.txt',
      line,
    });
  return { delayUs: Math.round(Number(m[1]) * 1e6), bytes: Number(m[2]) };
}

function parseAttributes(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of s.matchAll(/([A-Z_]+)="((?:[^"\\]|\\.)*)"/g)) out.set(m[1]!, m[2]!);
  return out;
}

function toUs(datetime: string, zone: string | undefined): number {
  let z = zone ?? '+00';
  if (z.length === 3) z += ':00';
  else if (z.length === 5) z = `${z.slice(0, 3)}:${z.slice(3)}`;
  return Date.parse(`${datetime.replace(' ', 'T')}${z}`) * 1000;
}
