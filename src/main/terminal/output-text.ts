/**
 * A program's output bytes as text, decoded as one UTF-8 stream however it was cut into events:
 * a character split across two events comes out whole with the second. To start in the middle
 * of the stream, pass the (up to 3) output bytes just before the start: UTF-8 resynchronises
 * within a character, so the decoder is then in the state it would have reached from the start.
 * A byte-order mark is kept as recorded (it is only dropped at the very start of a stream,
 * which a decoder started in the middle could not tell).
 */
export class OutputText {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(bytesBefore?: Uint8Array) {
    if (bytesBefore && bytesBefore.length > 0)
      this.decoder.decode(bytesBefore.subarray(-UTF8_TAIL_BYTES), { stream: true });
  }

  next(bytes: Uint8Array): string {
    return this.decoder.decode(bytes, { stream: true });
  }
}

/** The longest incomplete UTF-8 sequence: what a decoder may be holding between two events. */
export const UTF8_TAIL_BYTES = 3;
