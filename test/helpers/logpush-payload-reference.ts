/**
 * How a Logpush Payload was read while it was held as one string, kept as the reference the
 * streamed reader (src/main/ingest/readers/logpush-payload.ts) must agree with: the same text, the
 * same digest, the same Log4Shell sign. Production code no longer calls these.
 */

/** The Payload is an asciicast document, sometimes base64-encoded. */
export function decodePayload(payload: string): string {
  const t = payload.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return payload;
  if (/^[A-Za-z0-9+/=\s]+$/.test(t)) {
    const decoded = Buffer.from(t, 'base64').toString('utf8');
    if (decoded.trimStart().startsWith('{') || decoded.trimStart().startsWith('[')) return decoded;
  }
  return payload;
}

/**
 * The Payload's asciicast text (decodePayload without decoding base64 into one more string): a
 * Payload of tens of MB is read line by line from it, never split into one string per line at once.
 */
export function decodePayloadText(payload: string): string | Buffer {
  const t = payload.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return payload;
  if (/^[A-Za-z0-9+/=\s]+$/.test(t)) {
    const decoded = Buffer.from(t, 'base64');
    // Its start as decodePayload sees it (any leading white space, a BOM); the whole only when
    // the first 4 KiB are all white space.
    let head = decoded.toString('utf8', 0, Math.min(decoded.length, 4096)).trimStart();
    if (head === '' && decoded.length > 4096) head = decoded.toString('utf8').trimStart();
    if (head.startsWith('{') || head.startsWith('[')) return decoded;
  }
  return payload;
}

/**
 * The Log4Shell mitigation option of a Logpush job rewrites every "${" as "x{". A payload
 * with "x{" and no "${" anywhere is the sign; we cannot undo it, only warn.
 */
export function hasLog4ShellRewrite(payload: string): boolean {
  return payload.includes('x{') && !payload.includes('${');
}
