import { InputError } from '../input-error';
import { MAX_JSON_DEPTH, MAX_LONG_TEXT } from '../limits';
import { canonicalField, fieldTextLimit, type Field } from './logpush-record';

/** Where the characters of a string Payload go, as they are read (never one string). */
export interface PayloadTextSink {
  text(s: string): void;
}

/** What a record line holds besides a string Payload, as JSON.parse would give it. */
export type StreamedFields = Partial<Record<Field, unknown>>;

const enum S {
  Start,
  Value,
  AfterValue,
  KeyOrClose,
  Key,
  Colon,
  ArrayValueOrClose,
  String,
  Escape,
  Unicode,
  Number,
  Literal,
  End,
  Failed,
}

const enum Role {
  Key,
  Field,
  Payload,
  Skip,
}

const OBJECT = 0;
const ARRAY = 1;
/** A key longer than this is no ssh_logs field: skipped without being kept. */
const MAX_KEY = 64;
const BIG_INTEGER = /^-?\d{16,40}$/;

/**
 * Reads one Logpush record line as it arrives, in pieces of text, in one linear pass: a JSON
 * tokenizer for the record object that keeps only the ssh_logs fields (each at most MAX_LONG_TEXT
 * characters; nesting at most MAX_JSON_DEPTH) and hands a string Payload's characters to a sink as
 * they are decoded, so that no string the size of the Payload ever exists (a record may carry a
 * Payload of tens of MB). Accepts what JSON.parse accepts, with two exceptions that refuse the
 * line: nesting deeper than MAX_JSON_DEPTH, and an ssh_logs field given twice.
 * Integer datetimes of 16 to 40 digits are kept as their decimal text (exact beyond 2^53).
 */
export class RecordStream {
  private state = S.Start;
  private readonly stack: number[] = [];
  private pos = 0;
  private blank = true;
  private error: string | null = null;
  /** A field refused once the line is known to be valid JSON. */
  private fieldError: InputError | null = null;
  private readonly fields: StreamedFields = {};
  private readonly seen = new Set<Field>();
  private payload: PayloadTextSink | null = null;

  // The string being read.
  private role = Role.Skip;
  private parts: string[] = [];
  private length = 0;
  private hex = '';
  private key: Field | null = null;
  /** The field whose value is being read (at the record's top level), or null. */
  private field: Field | null = null;
  // A number or literal being read.
  private numState = 0;
  private numParts: string[] = [];
  private numLength = 0;
  private literal = '';
  private literalAt = 0;
  // The raw text of an object or array given for a field (PTY), while it is read.
  private capture: string[] | null = null;
  private captureLength = 0;
  private captureDepth = 0;

  constructor(
    private readonly line: number,
    private readonly openPayload: () => PayloadTextSink,
  ) {}

  push(s: string): void {
    if (this.state === S.Failed) {
      if (this.blank && /\S/.test(s)) this.blank = false;
      return;
    }
    if (this.escapeTail !== '') {
      // An escape of the Payload cut by the end of the previous text.
      this.pos -= this.escapeTail.length;
      s = this.escapeTail + s;
      this.escapeTail = '';
    }
    const n = s.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case S.String: {
          if (this.role === Role.Payload) {
            i = this.payloadText(s, i) - 1;
            break;
          }
          // Other strings are short (or skipped): up to the next quote, backslash or control.
          let j = i;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === 0x22 || d === 0x5c || d < 0x20) break;
            j++;
          }
          if (j > i) this.keep(s, i, j);
          i = j;
          if (i >= n) break;
          const d = s.charCodeAt(i);
          if (d === 0x22) {
            this.endString();
          } else if (d === 0x5c) {
            this.state = S.Escape;
          } else {
            this.fail('a control character inside a string', i);
          }
          break;
        }
        case S.Escape: {
          const e = ESCAPES[c];
          if (c === 0x75) {
            this.hex = '';
            this.state = S.Unicode;
          } else if (e !== undefined) {
            this.keepChar(e);
            this.state = S.String;
          } else this.fail('a bad escape in a string', i);
          break;
        }
        case S.Unicode: {
          if (!isHex(c)) {
            this.fail('a bad \\u escape in a string', i);
            break;
          }
          this.hex += s[i];
          if (this.hex.length === 4) {
            this.keepChar(String.fromCharCode(parseInt(this.hex, 16)));
            this.state = S.String;
          }
          break;
        }
        case S.Number: {
          const next = numberStep(this.numState, c);
          if (next >= 0) {
            this.numState = next;
            break;
          }
          if (!NUMBER_ENDS[this.numState]) {
            this.fail('a bad number', i);
            break;
          }
          this.endNumber(s, i);
          i--; // this character is read again after the value
          break;
        }
        case S.Literal: {
          if (c !== this.literal.charCodeAt(this.literalAt)) {
            this.fail('an unexpected character', i);
            break;
          }
          this.literalAt += 1;
          if (this.literalAt === this.literal.length) {
            const value = this.literal === 'true' ? true : this.literal === 'false' ? false : null;
            this.endScalar(value);
          }
          break;
        }
        default:
          this.structural(c, s, i);
      }
      if (this.failed()) {
        if (this.blank && /\S/.test(s.slice(i))) this.blank = false;
        return;
      }
    }
    // Pieces kept across this text: a number's characters, a captured value, the Payload's.
    if (this.state === S.Number && this.numStart >= 0) {
      // Kept up to the bound only; past it the number is counted (the field is refused).
      this.numLength += n - this.numStart;
      if (this.numLength <= MAX_LONG_TEXT) this.numParts.push(s.slice(this.numStart));
      else this.numParts = [];
      this.numStart = 0;
    }
    if (this.capture !== null) {
      this.addCapture(s.slice(this.captureStart));
      this.captureStart = 0;
    }
    this.flushPayload();
    this.pos += n;
  }

  private failed(): boolean {
    return this.state === S.Failed;
  }

  /** The record's fields; null for a blank line. Throws the line's first problem. */
  end(): StreamedFields | null {
    if (this.state === S.Number) {
      if (NUMBER_ENDS[this.numState]) this.endNumber('', 0);
      else this.fail('a bad number', 0);
    }
    if (this.state === S.Literal) this.fail('an unexpected end', 0);
    if (this.blank) return null;
    if (this.error !== null) throw this.invalid(this.error);
    if (this.state !== S.End) throw this.invalid(`the line ends inside the record, at character ${this.pos}`);
    if (!this.topIsObject)
      throw new InputError('LOGPUSH_INVALID', 'a Logpush record must be a JSON object', { line: this.line });
    if (this.fieldError !== null) throw this.fieldError;
    return this.fields;
  }

  private topIsObject = false;
  /** The start of an escape of the Payload that the previous text cut. */
  private escapeTail = '';
  private numStart = -1;
  private captureStart = 0;

  /** Characters between values: white space, punctuation, and the start of a value. */
  private structural(c: number, s: string, i: number): void {
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) return;
    // A line of white space only (as String.trim sees it) is skipped, not refused.
    if (this.state !== S.Start || !/\s/.test(s[i]!)) this.blank = false;
    switch (this.state) {
      case S.Start:
      case S.Value:
      case S.ArrayValueOrClose:
        if (c === 0x5d && this.state === S.ArrayValueOrClose) {
          this.close(ARRAY, s, i);
          return;
        }
        this.value(c, s, i);
        return;
      case S.AfterValue:
        if (c === 0x2c) {
          this.state = this.stack.at(-1) === OBJECT ? S.Key : S.Value;
          return;
        }
        if (c === 0x7d || c === 0x5d) {
          this.close(c === 0x7d ? OBJECT : ARRAY, s, i);
          return;
        }
        this.fail('an unexpected character', i);
        return;
      case S.KeyOrClose:
      case S.Key:
        if (c === 0x7d && this.state === S.KeyOrClose) {
          this.close(OBJECT, s, i);
          return;
        }
        if (c !== 0x22) {
          this.fail('an unexpected character where a key was expected', i);
          return;
        }
        this.startString(Role.Key);
        return;
      case S.Colon:
        if (c !== 0x3a) {
          this.fail('an unexpected character where ":" was expected', i);
          return;
        }
        this.state = S.Value;
        return;
      case S.End:
        this.fail('more after the record', i);
        return;
      default:
        this.fail('an unexpected character', i);
    }
  }

  /** The first character of a value. */
  private value(c: number, s: string, i: number): void {
    const member = this.atMember();
    if (member) this.field = this.key;
    const field = member ? this.field : null;
    if (c === 0x22) {
      if (this.capture !== null || !member || field === null) this.startString(Role.Skip);
      else if (field === 'Payload') {
        this.payload = this.openPayload();
        this.startString(Role.Payload);
      } else this.startString(Role.Field);
      return;
    }
    if (c === 0x7b || c === 0x5b) {
      if (this.stack.length >= MAX_JSON_DEPTH) {
        this.error = `values nested more than ${MAX_JSON_DEPTH} deep`;
        this.state = S.Failed;
        this.depthError = true;
        return;
      }
      if (this.stack.length === 0) this.topIsObject = c === 0x7b;
      if (member && field !== null) {
        if (field === 'PTY') {
          this.capture = [];
          this.captureLength = 0;
          this.captureStart = i;
          this.captureDepth = this.stack.length + 1;
        } else this.fields[field] = c === 0x7b ? {} : [];
      }
      this.stack.push(c === 0x7b ? OBJECT : ARRAY);
      this.state = c === 0x7b ? S.KeyOrClose : S.ArrayValueOrClose;
      return;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.state = S.Number;
      this.numState = numberStep(0, c);
      this.numParts = [];
      this.numLength = 0;
      this.numStart = member && field !== null && this.capture === null ? i : -1;
      return;
    }
    const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : null;
    if (word === null) {
      this.fail('an unexpected character where a value was expected', i);
      return;
    }
    this.state = S.Literal;
    this.literal = word;
    this.literalAt = 1;
  }

  private depthError = false;

  /** True when the value being read is a member of the record object itself. */
  private atMember(): boolean {
    return this.stack.length === 1 && this.topIsObject;
  }

  private close(kind: number, s: string, i: number): void {
    if (this.stack.at(-1) !== kind) {
      this.fail('a bracket that does not match', i);
      return;
    }
    this.stack.pop();
    if (this.capture !== null && this.stack.length === this.captureDepth - 1) {
      this.addCapture(s.slice(this.captureStart, i + 1));
      const text = this.capture.join('');
      this.capture = null;
      if (this.captureLength <= MAX_LONG_TEXT) {
        try {
          this.fields.PTY = JSON.parse(text) as unknown;
        } catch {
          this.fields.PTY = null;
        }
      }
    }
    this.afterValue();
  }

  private afterValue(): void {
    this.state = this.stack.length === 0 ? S.End : S.AfterValue;
  }

  private startString(role: Role): void {
    this.state = S.String;
    this.role = role;
    this.parts = [];
    this.length = 0;
  }

  private keep(s: string, from: number, to: number): void {
    this.length += to - from;
    if (this.role === Role.Payload) this.parts.push(s.slice(from, to));
    else if ((this.role === Role.Field || this.role === Role.Key) && this.length <= this.cap())
      this.parts.push(s.slice(from, to));
  }

  private keepChar(ch: string): void {
    this.length += 1;
    if (this.role === Role.Payload) this.parts.push(ch);
    else if ((this.role === Role.Field || this.role === Role.Key) && this.length <= this.cap()) this.parts.push(ch);
  }

  private cap(): number {
    return this.role === Role.Key ? MAX_KEY : MAX_LONG_TEXT;
  }

  /**
   * The Payload's characters from `i`: up to its closing quote, or the end of `s` less an escape
   * it cuts (kept for the next text). Decoded by JSON.parse a text at a time (native, linear: the
   * string is most of the line and dense with escapes). Returns where reading goes on.
   */
  private payloadText(s: string, i: number): number {
    const n = s.length;
    let end = -1;
    for (let j = i; ;) {
      const q = s.indexOf('"', j);
      if (q < 0) break;
      // A quote after an odd run of backslashes is escaped; runs are disjoint, so this is linear.
      let b = 0;
      while (q - 1 - b >= i && s.charCodeAt(q - 1 - b) === 0x5c) b++;
      if (b % 2 === 0) {
        end = q;
        break;
      }
      j = q + 1;
    }
    let cut = end < 0 ? n : end;
    if (end < 0) {
      // Only the last backslash can start an escape still incomplete at the end of the text.
      const p = s.lastIndexOf('\\', n - 1);
      if (p >= i && p >= n - 6) {
        let b = 1;
        while (p - b >= i && s.charCodeAt(p - b) === 0x5c) b++;
        const need = s.charCodeAt(p + 1) === 0x75 ? 6 : 2;
        if (b % 2 === 1 && n - p < need) cut = p;
      }
      this.escapeTail = s.slice(cut);
    }
    if (cut > i) {
      let text: string;
      try {
        text = JSON.parse(`"${s.slice(i, cut)}"`) as string;
      } catch {
        this.escapeTail = '';
        this.fail('a bad character or escape in field Payload', i);
        return n;
      }
      this.payload?.text(text);
    }
    if (end < 0) return n;
    this.endString();
    return end + 1;
  }

  /** Gives the Payload characters read so far to its sink. */
  private flushPayload(): void {
    if (this.role !== Role.Payload || this.parts.length === 0 || this.payload === null) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.payload.text(text);
  }

  private endString(): void {
    const role = this.role;
    if (role === Role.Payload) {
      this.flushPayload();
      this.role = Role.Skip;
      this.afterValue();
      return;
    }
    if (role === Role.Key) {
      const key = this.length <= MAX_KEY ? this.parts.join('') : null;
      const field = key === null ? null : canonicalField(key);
      this.key = field;
      if (field !== null) {
        if (this.seen.has(field)) {
          this.fieldError ??= new InputError('LOGPUSH_INVALID', `field ${field} appears twice`, { line: this.line });
          this.key = null;
        }
        this.seen.add(field);
      }
      this.parts = [];
      this.state = S.Colon;
      return;
    }
    if (role === Role.Field) {
      if (this.length > MAX_LONG_TEXT) this.tooLong(this.length);
      else this.fields[this.field!] = detached(this.parts.join(''));
      this.parts = [];
    }
    this.afterValue();
  }

  private endNumber(s: string, i: number): void {
    if (this.numStart >= 0) {
      const length = this.numLength + i - this.numStart;
      const token = length > MAX_LONG_TEXT ? '' : this.numParts.join('') + s.slice(this.numStart, i);
      this.numParts = [];
      this.numStart = -1;
      if (length > MAX_LONG_TEXT) this.tooLong(length);
      else {
        const field = this.field!;
        this.fields[field] = field.endsWith('Datetime') && BIG_INTEGER.test(token) ? detached(token) : Number(token);
      }
    }
    this.afterValue();
  }

  private endScalar(value: boolean | null): void {
    if (this.atMember() && this.field !== null && this.capture === null) this.fields[this.field] = value;
    this.afterValue();
  }

  private addCapture(text: string): void {
    if (this.capture === null) return;
    this.captureLength += text.length;
    if (this.captureLength > MAX_LONG_TEXT) {
      this.tooLong(this.captureLength);
      this.capture = [];
      return;
    }
    this.capture.push(text);
  }

  private tooLong(length: number): void {
    const field = this.field!;
    this.fieldError ??= new InputError(
      'OUT_OF_RANGE',
      `field ${field} is ${length} characters long (at most ${fieldTextLimit(field)})`,
      { line: this.line },
    );
  }

  private fail(why: string, i: number): void {
    this.error ??= `${why} at character ${this.pos + i + 1}`;
    this.state = S.Failed;
  }

  private invalid(why: string): InputError {
    if (this.depthError) return new InputError('LOGPUSH_INVALID', `a Logpush record with ${why}`, { line: this.line });
    return new InputError('JSON_INVALID', `not a valid JSON record (${why})`, { line: this.line });
  }
}

/**
 * A copy of a string cut from a text: V8 keeps such a slice as a view of the whole text, and a
 * field kept past its record (a program id in the store's maps) kept the 1 MiB text it came from
 * (a 100k-session import held most of its file: 0.7 GB).
 */
function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

const ESCAPES: Array<string | undefined> = [];
ESCAPES[0x22] = '"';
ESCAPES[0x5c] = '\\';
ESCAPES[0x2f] = '/';
ESCAPES[0x62] = '\b';
ESCAPES[0x66] = '\f';
ESCAPES[0x6e] = '\n';
ESCAPES[0x72] = '\r';
ESCAPES[0x74] = '\t';

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * JSON's number grammar as states: 0 start, 1 after "-", 2 a leading 0, 3 integer digits, 4 after
 * ".", 5 fraction digits, 6 after "e", 7 after its sign, 8 exponent digits. -1: not part of it.
 */
function numberStep(state: number, c: number): number {
  const digit = c >= 0x30 && c <= 0x39;
  switch (state) {
    case 0:
      return c === 0x2d ? 1 : c === 0x30 ? 2 : digit ? 3 : -1;
    case 1:
      return c === 0x30 ? 2 : digit ? 3 : -1;
    case 2:
      return c === 0x2e ? 4 : c === 0x65 || c === 0x45 ? 6 : -1;
    case 3:
      return digit ? 3 : c === 0x2e ? 4 : c === 0x65 || c === 0x45 ? 6 : -1;
    case 4:
      return digit ? 5 : -1;
    case 5:
      return digit ? 5 : c === 0x65 || c === 0x45 ? 6 : -1;
    case 6:
      return c === 0x2b || c === 0x2d ? 7 : digit ? 8 : -1;
    case 7:
    case 8:
      return digit ? 8 : -1;
    default:
      return -1;
  }
}
const NUMBER_ENDS = [false, false, true, true, false, true, false, false, true];
