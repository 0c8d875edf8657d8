import type { ReplayEvent } from '../../shared/views';
import { resizeOf, type TerminalEvent } from '../formats/recording';
import type { OutputText } from '../terminal/output-text';

/** An event as the player writes it, or null for what it does not draw (keystrokes, markers, exit). */
export function toReplayEvent(ev: TerminalEvent, text: OutputText): ReplayEvent | null {
  if (ev.kind === 'output') return { atUs: ev.atUs, kind: 'output', text: text.next(ev.data) };
  if (ev.kind !== 'resize') return null;
  const size = resizeOf(ev);
  return size ? { atUs: ev.atUs, kind: 'resize', cols: size.cols, rows: size.rows } : null;
}
