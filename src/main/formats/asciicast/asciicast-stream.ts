import { InputError } from '../input-error';
import type { EventKind, TerminalEvent } from '../recording';
import { AsciicastEventParser, parseAsciicastHeader, parseJsonLine, type AsciicastHeader } from './asciicast-parser';

/**
 * Consumes the lines of one asciicast document (header line, then events; v3 `#` comments
 * and blank lines skipped). A repeated header line, as Logpush re-sends, is ignored.
 */
export class AsciicastStream {
  header: AsciicastHeader | null = null;
  private events: AsciicastEventParser | null = null;
  repeatedHeaders = 0;

  constructor(private readonly fallbackVersion: 2 | 3 | null = null) {}

  line(text: string, line: number): TerminalEvent | null {
    const t = text.trim();
    if (t === '' || t.startsWith('#')) return null;
    const value = parseJsonLine(t, line, 'ASCIICAST_INVALID');
    if (!Array.isArray(value)) {
      if (this.header !== null) {
        this.repeatedHeaders += 1;
        return null;
      }
      this.header = parseAsciicastHeader(value, line);
      this.events = new AsciicastEventParser(this.header.version);
      return null;
    }
    return this.eventParser(line).event(value, line);
  }

  /**
   * A long event line whose data is read as a stream: its time and kind (null: a code sshlens
   * does not use), checked as line() checks them.
   */
  streamedEvent(time: number, code: string, line: number): { atUs: number; kind: EventKind | null } {
    return this.eventParser(line).streamed(time, code, line);
  }

  private eventParser(line: number): AsciicastEventParser {
    if (this.events === null) {
      if (this.fallbackVersion === null)
        throw new InputError('ASCIICAST_INVALID', 'an event comes before the asciicast header', { line });
      this.events = new AsciicastEventParser(this.fallbackVersion);
    }
    return this.events;
  }

  get unknownCodes(): number {
    return this.events?.unknownCodes ?? 0;
  }
}
