import type { ReplayChunk, ReplayEvent, ReplayEventsRequest, ReplayFrame, ReplayInfo } from '../../shared/views';
import { outputPositionAt } from './output-position';
import { OutputText } from '../terminal/output-text';
import { toReplayEvent } from './replay-event';
import { initialSize, loadReplayProgram } from './replay-program';
import { REPLAY_SCROLLBACK } from '../../shared/replay-terminal';
import { snapshotAtOrBefore } from './snapshot-store';
import { readEvents } from '../store/case-queries';
import { programRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import type { CaseDb } from '../store/open-case';

// The replay's questions to the case, as the API asks them (see src/main/replay/README.md).
export { execStreams } from './exec-streams';
export { findInProgram } from './find-in-program';

export function replayInfo(db: CaseDb, programRow: number): ReplayInfo {
  const p = loadReplayProgram(db, programRow);
  return {
    program: programRef(p.row),
    ...initialSize(p),
    durationUs: p.lastEventUs ?? 0,
    outputBytes: p.outputBytes,
    start: isoFromUs(p.startedAtUs),
    scrollback: REPLAY_SCROLLBACK,
  };
}

/**
 * The terminal at `atUs`: the nearest snapshot at or before it, then the events after the
 * snapshot up to `atUs`. Consecutive outputs are joined into one event (the player writes a
 * frame at once), so a frame of many keystroke echoes stays a few events.
 */
export function replayFrame(db: CaseDb, programRow: number, atUs: number): ReplayFrame {
  loadReplayProgram(db, programRow);
  const snapshot = snapshotAtOrBefore(db, programRow, atUs);
  const text = new OutputText(snapshot?.tail);
  const events: ReplayEvent[] = [];
  for (const ev of readEvents(db, programRow, snapshot?.atUs ?? -Infinity, atUs)) {
    if (snapshot && ev.atUs <= snapshot.atUs) continue;
    const next = toReplayEvent(ev, text);
    if (next === null) continue;
    const last = events.at(-1);
    if (next.kind === 'output' && last?.kind === 'output') {
      last.text += next.text;
      last.atUs = next.atUs;
    } else {
      events.push(next);
    }
  }
  return {
    atUs,
    snapshot: snapshot && { atUs: snapshot.atUs, cols: snapshot.cols, rows: snapshot.rows, data: snapshot.data },
    events,
  };
}

/**
 * The events strictly after `afterUs` (-1: from the start), whole, until `maxChars` of output
 * text are gathered. A page never ends between two events of the same time, since the next page
 * starts after that time.
 */
export function replayEvents(db: CaseDb, req: ReplayEventsRequest & { programRow: number }): ReplayChunk {
  const row = req.programRow;
  loadReplayProgram(db, row);
  const fromStart = req.afterUs < 0;
  const text = new OutputText(fromStart ? undefined : outputPositionAt(db, row, req.afterUs).tail);
  const events: ReplayEvent[] = [];
  let chars = 0;
  const source = readEvents(db, row, fromStart ? -Infinity : req.afterUs);
  try {
    for (const ev of source) {
      if (!fromStart && ev.atUs <= req.afterUs) continue;
      const lastUs = events.at(-1)?.atUs;
      if (chars >= req.maxChars && lastUs !== undefined && ev.atUs > lastUs) return { events, done: false };
      const next = toReplayEvent(ev, text);
      if (next === null) continue;
      if (next.kind === 'output') chars += next.text.length;
      events.push(next);
    }
  } finally {
    source.return(undefined);
  }
  return { events, done: true };
}
