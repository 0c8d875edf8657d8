import type { QueryError } from './query-types';

/** One piece of a token: typed as is, or inside "double quotes". */
export interface TokenPart {
  text: string;
  quoted: boolean;
}

/** A whitespace-separated word of the query, shell style: `user:"kai x"` is one token of two parts. */
export interface QueryToken {
  parts: TokenPart[];
  /** 1-based column of the token's first character. */
  column: number;
}

export type TokenizeResult = { ok: true; tokens: QueryToken[] } | { ok: false; error: QueryError };

/**
 * Splits a query into tokens. Whitespace separates tokens outside quotes; "..." keeps spaces and
 * everything else literally, where \" is a quote and \\ a backslash. Outside quotes a backslash
 * is an ordinary character (Windows paths, regexes). Columns count characters, not UTF-16 units.
 */
export function tokenizeQuery(query: string): TokenizeResult {
  const chars = [...query];
  const tokens: QueryToken[] = [];
  let i = 0;
  while (i < chars.length) {
    if (isSpace(chars[i]!)) {
      i += 1;
      continue;
    }
    const token: QueryToken = { parts: [], column: i + 1 };
    while (i < chars.length && !isSpace(chars[i]!)) {
      if (chars[i] === '"') {
        const open = i;
        let text = '';
        i += 1;
        while (i < chars.length && chars[i] !== '"') {
          if (chars[i] === '\\' && (chars[i + 1] === '"' || chars[i + 1] === '\\')) i += 1;
          text += chars[i]!;
          i += 1;
        }
        if (i >= chars.length) {
          return {
            ok: false,
            error: {
              message: `unbalanced quote: the " at column ${open + 1} is never closed (inside quotes, write \\" for a quote character)`,
              column: open + 1,
            },
          };
        }
        i += 1; // the closing quote
        token.parts.push({ text, quoted: true });
      } else {
        let text = '';
        while (i < chars.length && !isSpace(chars[i]!) && chars[i] !== '"') text += chars[i++]!;
        token.parts.push({ text, quoted: false });
      }
    }
    tokens.push(token);
  }
  return { ok: true, tokens };
}

function isSpace(c: string): boolean {
  return /^\s$/u.test(c);
}
