/** What canonical JSON can hold: no floats (their text differs between languages). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/**
 * JSON that every implementation writes the same, so a hash over it can be recomputed by anyone:
 * - no whitespace; object keys sorted by Unicode code point; a property set to undefined is left out;
 * - strings as JSON.stringify writes them: `"` and `\` escaped, \b \f \n \r \t, other control
 *   characters as \u00xx (lowercase hex), everything else (non-ASCII too) as itself, in UTF-8;
 *   a lone surrogate (never valid text) is written as U+FFFD;
 * - numbers only as safe integers, in decimal; true, false, null.
 * Python writes the same bytes with
 * `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")`.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON holds only safe integers, not ${value}`);
    return String(value === 0 ? 0 : value); // -0 as 0
  }
  if (typeof value === 'string') return JSON.stringify(wellFormed(value));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort(byCodePoint);
    return `{${keys.map((k) => `${JSON.stringify(wellFormed(k))}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/** Python sorts keys by code point, JavaScript by UTF-16 unit: they differ above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
