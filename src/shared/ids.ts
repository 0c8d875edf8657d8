// Public ids, built and read here only: "s12" is session row 12, "p34" program row 34, "c56"
// command row 56, "n7" note 7. Main, the CLI and the renderer share them; row numbers are never
// reused (src/main/store/next-id.ts), so an id in a note or report keeps naming the same thing.

export type RefPrefix = 's' | 'p' | 'c' | 'n';

/** A session or a program: the one namespace of `show ID` and `link join`. */
export type EntityRef = { kind: 'session'; row: number } | { kind: 'program'; row: number };

export const sessionRef = (row: number): string => `s${row}`;
export const programRef = (row: number): string => `p${row}`;
export const commandRef = (row: number): string => `c${row}`;
export const noteRef = (row: number): string => `n${row}`;

const ROW_DIGITS = 15; // below 2^53: a row number that reads back exactly

/** Whether `text` is an id of this kind exactly as written ("s12", not " S12 "). */
export function isRef(prefix: RefPrefix, text: string): boolean {
  return text.length >= 2 && text.length <= 1 + ROW_DIGITS && text[0] === prefix && /^\d+$/.test(text.slice(1));
}

/** The row an id names; the caller has checked it with isRef (or a validator built on it). */
export function rowOfRef(id: string): number {
  return Number(id.slice(1));
}

/** A session or program id as typed by a person: spaces and case are forgiven. */
export function parseEntityRef(id: string): EntityRef | null {
  const m = new RegExp(`^([sp])(\\d{1,${ROW_DIGITS}})$`, 'i').exec(id.trim());
  if (!m) return null;
  const row = Number(m[2]);
  return m[1]!.toLowerCase() === 's' ? { kind: 'session', row } : { kind: 'program', row };
}
