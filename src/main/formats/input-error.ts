import type { InputPlace } from '../../shared/model';

/** Stable codes so callers and tests can tell failures apart without parsing messages. */
export type InputErrorCode =
  | 'UNKNOWN_FORMAT'
  | 'HEADER_TRUNCATED'
  | 'HEADER_INVALID'
  | 'BLOCK_TRUNCATED'
  | 'DECRYPT'
  | 'NO_KEY'
  | 'PACKET_INVALID'
  | 'PACKET_TRUNCATED'
  | 'SIZE_MISMATCH'
  | 'JSON_INVALID'
  | 'ASCIICAST_INVALID'
  | 'ZIP_INVALID'
  | 'LOGPUSH_INVALID'
  | 'LINE_TOO_LONG'
  | 'OUT_OF_RANGE'
  | 'TOO_LARGE'
  | 'IO';

/** A problem with an input file: a human message plus the place it was found. */
export class InputError extends Error {
  readonly code: InputErrorCode;
  readonly place: InputPlace;

  constructor(code: InputErrorCode, message: string, place: InputPlace = {}) {
    super(message);
    this.name = 'InputError';
    this.code = code;
    this.place = place;
  }
}

export function describePlace(place: InputPlace): string {
  const parts: string[] = [];
  if (place.entry !== undefined) parts.push(`entry ${place.entry}`);
  if (place.line !== undefined) parts.push(`line ${place.line}`);
  if (place.block !== undefined) parts.push(`block ${place.block}`);
  if (place.offset !== undefined) parts.push(`byte offset ${place.offset}`);
  return parts.join(', ');
}
