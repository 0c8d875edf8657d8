/** The big-endian u32 at `at` (every length and code in the capture format is one). */
export function readU32(b: Uint8Array, at = 0): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
