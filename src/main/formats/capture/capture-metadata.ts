import { InputError } from '../input-error';
import {
  epochUsProblem,
  integerProblem,
  MAX_EXIT_STATUS,
  MAX_LONG_TEXT,
  MAX_METADATA_BYTES,
  MAX_SHORT_TEXT,
  MAX_TERMINAL_COLS,
  MAX_TERMINAL_MODES,
  MAX_TERMINAL_ROWS,
  MIN_EXIT_STATUS,
  shown,
  textProblem,
} from '../limits';
import { trailingRunLength } from '../../../shared/trailing';

export interface CapturePty {
  term: string | null;
  width: number;
  height: number;
  modes: Array<[string, number]>;
}

export interface CaptureExitData {
  timestamp: number;
  status: number | null;
  signal: string | null;
  coreDumped: boolean | null;
  errorMsg: string | null;
}

export interface CaptureMetadata {
  startedAt: number;
  dataSize: number;
  encapsulatedKey: Uint8Array;
  pty: CapturePty | null;
  exitData: CaptureExitData | null;
}

/** Validates the length prefix of the metadata before its bytes are read. */
export function checkMetadataLength(length: number): void {
  if (length === 0 || length > MAX_METADATA_BYTES) {
    throw new InputError(
      'HEADER_INVALID',
      `capture metadata length ${hex32(length)} (${length} bytes) at offset 0 is not plausible (1..${MAX_METADATA_BYTES})`,
      { offset: 0 },
    );
  }
}

export function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

const isBase64Char = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;

/**
 * Parses the base64 JSON metadata object at the head of a capture (offset 4). Unknown extra fields
 * are tolerated; the fields the format defines are type- and range-checked (limits.ts), each
 * refusal naming the field. The metadata is not covered by the encryption: anyone can edit it.
 */
export function parseCaptureMetadata(base64: Uint8Array): CaptureMetadata {
  const text = Buffer.from(base64).toString('latin1');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isBase64Char(c) && c !== 0x3d) {
      throw new InputError(
        'HEADER_INVALID',
        `capture metadata is not valid base64: byte 0x${c.toString(16).padStart(2, '0')} at offset ${4 + i}`,
        { offset: 4 + i },
      );
    }
  }
  const padding = trailingRunLength(text, '=');
  const early = text.indexOf('=');
  if (early >= 0 && early < text.length - padding) {
    throw new InputError(
      'HEADER_INVALID',
      `capture metadata is not valid base64: padding "=" at offset ${4 + early} is not at its end`,
      { offset: 4 + early },
    );
  }
  if (text.length % 4 !== 0 || padding > 2) {
    throw new InputError(
      'HEADER_INVALID',
      `capture metadata is not valid base64: ${text.length} characters with ${padding} of padding (a multiple of 4, at most 2)`,
      { offset: 4 },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch (e) {
    const why = e instanceof SyntaxError ? ` (${e.message})` : '';
    throw new InputError('HEADER_INVALID', `capture metadata (base64 at offset 4) is not valid JSON${why}`, {
      offset: 4,
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('HEADER_INVALID', 'capture metadata (base64 at offset 4) is not a JSON object', { offset: 4 });
  }
  const m = raw as Record<string, unknown>;
  const startedAt = requireUint(m, 'started_at');
  const startProblem = epochUsProblem(startedAt * 1e6);
  if (startProblem !== null) fieldError('started_at', `${startedAt} (unix seconds) ${startProblem}`);
  const dataSize = requireUint(m, 'data_size');
  const encHex = m['encapsulated_key'];
  if (typeof encHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(encHex)) {
    fieldError('encapsulated_key', `${shown(encHex)} is not 64 hex digits`);
  }
  return {
    startedAt,
    dataSize,
    encapsulatedKey: Uint8Array.from(Buffer.from(encHex as string, 'hex')),
    pty: parsePty(m['pty']),
    exitData: parseExitData(m['exit_data']),
  };
}

/** Refuses the capture for one metadata field; every such message names the field. */
function fieldError(field: string, problem: string): never {
  throw new InputError('HEADER_INVALID', `capture metadata field ${field} ${problem}`, { offset: 4 });
}

function requireUint(m: Record<string, unknown>, field: string): number {
  const v = m[field];
  if (v === undefined) fieldError(field, 'is missing');
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fieldError(field, `${shown(v)} is not a non-negative integer`);
  return v;
}

function optionalText(v: unknown, field: string, max: number): string | null {
  if (typeof v !== 'string') return null;
  const problem = textProblem(v, max);
  if (problem !== null) fieldError(field, problem);
  return v;
}

function parsePty(v: unknown): CapturePty | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) fieldError('pty', `${shown(v)} is not null or an object`);
  const p = v as Record<string, unknown>;
  const modes: Array<[string, number]> = [];
  if (Array.isArray(p['modes'])) {
    if (p['modes'].length > MAX_TERMINAL_MODES)
      fieldError('pty.modes', `has ${p['modes'].length} entries (at most ${MAX_TERMINAL_MODES})`);
    for (const entry of p['modes']) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') {
        if (entry[0].length > 64) fieldError('pty.modes', `names a mode ${entry[0].length} characters long`);
        modes.push([entry[0], entry[1]]);
      }
    }
  }
  // Absent sizes get the usual default; a stated size must be one a terminal can have.
  const width = p['width'] ?? 80;
  const height = p['height'] ?? 24;
  const widthProblem = integerProblem(width, 1, MAX_TERMINAL_COLS);
  if (widthProblem !== null) fieldError('pty.width', widthProblem);
  const heightProblem = integerProblem(height, 1, MAX_TERMINAL_ROWS);
  if (heightProblem !== null) fieldError('pty.height', heightProblem);
  return {
    term: optionalText(p['term'], 'pty.term', MAX_SHORT_TEXT),
    width: width as number,
    height: height as number,
    modes,
  };
}

function parseExitData(v: unknown): CaptureExitData | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) fieldError('exit_data', `${shown(v)} is not null or an object`);
  const e = v as Record<string, unknown>;
  const timestamp = e['timestamp'] ?? 0;
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0)
    fieldError('exit_data.timestamp', `${shown(timestamp)} is not a non-negative integer`);
  if (timestamp !== 0) {
    const problem = epochUsProblem(timestamp * 1e6);
    if (problem !== null) fieldError('exit_data.timestamp', `${timestamp} (unix seconds) ${problem}`);
  }
  let status: number | null = null;
  if (typeof e['status'] === 'number') {
    const problem = integerProblem(e['status'], MIN_EXIT_STATUS, MAX_EXIT_STATUS);
    if (problem !== null) fieldError('exit_data.status', problem);
    status = e['status'];
  }
  return {
    timestamp,
    status,
    signal: optionalText(e['signal'], 'exit_data.signal', MAX_SHORT_TEXT),
    coreDumped: typeof e['core_dumped'] === 'boolean' ? e['core_dumped'] : null,
    errorMsg: optionalText(e['error_msg'], 'exit_data.error_msg', MAX_LONG_TEXT),
  };
}
