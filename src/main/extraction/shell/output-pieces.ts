/** Where an output piece lies: the driver announces each before it is written, in order. */
export interface PieceInfo {
  atUs: number;
  startOffset: number;
  endOffset: number;
  /** The piece starts where a shell begins drawing its prompt (bash's ESC[?2004h, zle's redraw, OSC 133;A). */
  promptStart: boolean;
  /** The piece ends with bracketed paste switched off right after a newline (keyless recordings). */
  newlineBefore: boolean;
  data: Uint8Array;
}

export const NO_PIECE: PieceInfo = {
  atUs: 0,
  startOffset: 0,
  endOffset: 0,
  promptStart: false,
  newlineBefore: false,
  data: new Uint8Array(0),
};

/** A place in a piece the emulator's hooks reported: after its n-th line feed or before its n-th row motion. */
export interface PiecePlace {
  by: 'line-feed' | 'motion' | 'piece';
  ordinal: number;
}

/** Line feeds the emulator acts on: LF, VT, FF, and ESC D / ESC E. */
// eslint-disable-next-line no-control-regex -- control bytes are what is counted
const LINE_FEEDS = /[\n\v\f]|\x1b[DE]/g;
/** The CSI motions the screen hooks report (B E e d H f). */
// eslint-disable-next-line no-control-regex -- escape sequences are what is counted
const ROW_MOTIONS = /\x1b\[[0-9;]*[BEedHf]/g;
/** Clearing below, then straight back up: what a line editor does after drawing under the line. */
// eslint-disable-next-line no-control-regex -- the editor's escape sequences
const BACK_UP = /^(?:\r|\x1b\[[0-9;]*[JKm])*\x1b\[\d*A/;

/** The byte index of a place in the piece (its end when the place is not found). */
export function indexOf(data: Uint8Array, place: PiecePlace): number {
  if (place.by === 'piece' || place.ordinal <= 0) return data.length;
  const text = latin1(data);
  let n = 0;
  for (const m of text.matchAll(place.by === 'line-feed' ? LINE_FEEDS : ROW_MOTIONS))
    if (++n === place.ordinal) return place.by === 'line-feed' ? m.index + m[0].length : m.index;
  return data.length;
}

/**
 * The bytes after the n-th line feed take the cursor straight back up: the line editor only
 * cleared what it drew below the line (zsh's completion menu); the line goes on.
 */
export function goesBackUpAfter(data: Uint8Array, lineFeed: number): boolean {
  const at = indexOf(data, { by: 'line-feed', ordinal: lineFeed });
  return BACK_UP.test(latin1(data.subarray(at, at + 64)));
}

function latin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}
