/**
 * CSV per RFC 4180 (CRLF between records; a field with a comma, quote, CR or LF is quoted,
 * its quotes doubled), made safe to open in a spreadsheet.
 *
 * Formula injection: recorded commands are written by whoever was on the server, possibly an
 * attacker. A cell starting with = + - @ TAB or CR is run as a formula by Excel, LibreOffice
 * and Google Sheets (`=HYPERLINK(...)`, `=cmd|...`). As OWASP advises ("CSV Injection"), such
 * a text field gets a leading single quote, which spreadsheets treat as "this is text". The
 * quote is in the file: a tool that needs the exact text reads the JSON Lines export instead.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | null;

/** One field: numbers as they are, null as empty, text neutralised and quoted when needed. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
