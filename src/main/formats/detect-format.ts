import type { SourceFormat } from '../../shared/model';
import { readU32 } from './binary/read-u32';
import { looksLikeLogpushRecord, parseLogpushLine } from './logpush/logpush-record';

export type Detection = { format: SourceFormat; gzip: boolean } | { format: null; gzip: boolean; why: string };

const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP[0] && head[1] === GZIP[1];
}

/**
 * Decides a file's format from its first bytes (already gunzipped when `gzip`), never from its
 * name. `head` should hold at least the first line of a text format (64 KiB is plenty).
 */
export function detectFormat(head: Uint8Array, gzip: boolean, wholeFile = false): Detection {
  if (!gzip && ZIP.every((b, i) => head[i] === b)) return { format: 'official-zip', gzip };
  if (looksLikeCapture(head)) return { format: 'capture', gzip };
  const first = firstLine(head, wholeFile);
  if (first !== null && first.text.startsWith('{')) {
    if (!first.complete) {
      // A first line longer than the probe (a Logpush record with a big Payload): judge by keys.
      if (/^\{\s*"version"\s*:\s*[23]\s*[,}]/.test(first.text)) return { format: 'asciicast', gzip };
      if (/"(SessionID|ProgramID|Payload|SessionStartDatetime)"\s*:/i.test(first.text))
        return { format: 'logpush', gzip };
    }
    let obj: Record<string, unknown> | null = null;
    try {
      obj = parseLogpushLine(first.text, 1);
    } catch {
      obj = null;
    }
    if (obj !== null) {
      if (obj['version'] === 2 || obj['version'] === 3) return { format: 'asciicast', gzip };
      if (looksLikeLogpushRecord(obj)) return { format: 'logpush', gzip };
    }
  }
  return {
    format: null,
    gzip,
    why: 'not an SSH command log: no capture header, ZIP, asciicast header or Logpush record found',
  };
}

/** u32 length, then that many bytes of base64 whose JSON mentions encapsulated_key. */
function looksLikeCapture(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  const len = readU32(head);
  if (len < 8 || len > 1 << 20) return false;
  const probe = Buffer.from(head.subarray(4, Math.min(head.length, 4 + len))).toString('latin1');
  if (!/^[A-Za-z0-9+/=]+$/.test(probe)) return false;
  const decodable = probe.slice(0, probe.length - (probe.length % 4));
  return Buffer.from(decodable, 'base64').toString('latin1').startsWith('{');
}

/** The first non-empty line; `complete` is false when the probe ended before its newline. */
function firstLine(head: Uint8Array, wholeFile: boolean): { text: string; complete: boolean } | null {
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/^\s*\n/, '');
  const nl = text.indexOf('\n');
  const line = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '').trim();
  return line === '' ? null : { text: line, complete: nl >= 0 || wholeFile };
}
