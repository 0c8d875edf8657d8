import { InputError } from '../input-error';

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

const MAX_METADATA_BYTES = 1 << 20;

/** Validates the length prefix of the metadata before its bytes are read. */
export function checkMetadataLength(length: number): void {
  if (length === 0 || length > MAX_METADATA_BYTES) {
    throw new InputError(
      'HEADER_INVALID',
      `metadata length ${length} is not plausible (expected 1..${MAX_METADATA_BYTES})`,
      { offset: 0 },
    );
  }
}

/**
 * Parses the base64 JSON metadata object at the head of a capture (offset 4).
 * Unknown extra fields are tolerated; the fields the format defines are type-checked.
 */
export function parseCaptureMetadata(base64: Uint8Array): CaptureMetadata {
  const text = Buffer.from(base64).toString('latin1');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new InputError('HEADER_INVALID', 'metadata is not standard padded base64', { offset: 4 });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
  } catch {
    throw new InputError('HEADER_INVALID', 'metadata is not valid JSON', { offset: 4 });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError('HEADER_INVALID', 'metadata is not a JSON object', { offset: 4 });
  }
  const m = raw as Record<string, unknown>;
  const startedAt = requireUint(m, 'started_at');
  const dataSize = requireUint(m, 'data_size');
  const encHex = m['encapsulated_key'];
  if (typeof encHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(encHex)) {
    throw new InputError('HEADER_INVALID', 'metadata field encapsulated_key must be 64 hex digits', { offset: 4 });
  }
  return {
    startedAt,
    dataSize,
    encapsulatedKey: Uint8Array.from(Buffer.from(encHex, 'hex')),
    pty: parsePty(m['pty']),
    exitData: parseExitData(m['exit_data']),
  };
}

function requireUint(m: Record<string, unknown>, field: string): number {
  const v = m[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new InputError('HEADER_INVALID', `metadata field ${field} must be a non-negative integer`, { offset: 4 });
  }
  return v;
}

function parsePty(v: unknown): CapturePty | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new InputError('HEADER_INVALID', 'metadata field pty must be null or an object', { offset: 4 });
  }
  const p = v as Record<string, unknown>;
  const modes: Array<[string, number]> = [];
  if (Array.isArray(p['modes'])) {
    for (const entry of p['modes']) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') {
        modes.push([entry[0], entry[1]]);
      }
    }
  }
  return {
    term: typeof p['term'] === 'string' ? p['term'] : null,
    width: positiveOr(p['width'], 80),
    height: positiveOr(p['height'], 24),
    modes,
  };
}

function parseExitData(v: unknown): CaptureExitData | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new InputError('HEADER_INVALID', 'metadata field exit_data must be null or an object', { offset: 4 });
  }
  const e = v as Record<string, unknown>;
  return {
    timestamp: typeof e['timestamp'] === 'number' ? e['timestamp'] : 0,
    status: typeof e['status'] === 'number' ? e['status'] : null,
    signal: typeof e['signal'] === 'string' ? e['signal'] : null,
    coreDumped: typeof e['core_dumped'] === 'boolean' ? e['core_dumped'] : null,
    errorMsg: typeof e['error_msg'] === 'string' ? e['error_msg'] : null,
  };
}

function positiveOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}
