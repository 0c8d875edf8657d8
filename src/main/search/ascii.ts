/** Whether text is plain ASCII: SQLite's LIKE and the word patterns fold case only there. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
export const isAscii = (s: string): boolean => /^[\x00-\x7f]*$/.test(s);
