import type { SourceFormat } from '../../shared/model';
import { readU32 } from './binary/read-u32';
import { MAX_METADATA_BYTES } from './limits';
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

const CAPTURE_PROBE = 64;

/**
 * A capture starts with a u32 metadata length and base64 of its JSON ("eyJ" is base64 of '{"').
 * It is recognised also when damaged (a bad length, a flipped byte, JSON that no longer parses),
 * so that the import refuses it with the precise reason instead of skipping it as "not a
 * recording": either a plausible length (1 byte to 1 MiB: its first byte is 0) followed by
 * base64, or "eyJ" and base64 after four bytes that are not text (a length field, however bad).
 * One byte in 16 may be off (a flip in the base64).
 */
function looksLikeCapture(head: Uint8Array): boolean {
  if (head.length < 4 + 16) return false;
  const probe = head.subarray(4, Math.min(head.length, 4 + CAPTURE_PROBE));
  let base64 = 0;
  for (const b of probe) if (isBase64Byte(b)) base64 += 1;
  if (base64 < probe.length - Math.ceil(probe.length / 16)) return false;
  const len = readU32(head);
  if (len >= 1 && len <= MAX_METADATA_BYTES) return true;
  const eyJ = head[4] === 0x65 && head[5] === 0x79 && head[6] === 0x4a;
  return eyJ && [...head.subarray(0, 4)].some((b) => !isTextByte(b));
}

const isBase64Byte = (b: number): boolean =>
  (b >= 0x41 && b <= 0x5a) ||
  (b >= 0x61 && b <= 0x7a) ||
  (b >= 0x30 && b <= 0x39) ||
  b === 0x2b ||
  b === 0x2f ||
  b === 0x3d;

const isTextByte = (b: number): boolean => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;

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
