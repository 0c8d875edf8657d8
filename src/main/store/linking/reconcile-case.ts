import type { Database } from 'better-sqlite3';
import type { TerminalEvent } from '../../formats/recording';
import { readEvents } from '../case-queries';
import { primaryProgramRows } from '../row-lookups';
import { refreshProgramStats, replaceProgramEvents } from '../program-events';
import { withWriteLock } from '../write-lock';
import { KeptApart } from './kept-apart';
import { linkProgram, type LinkResult } from './link-programs';
import { statement } from '../statement-cache';

/** What bringing an existing case up to one record per real session did. */
export interface Reconciliation {
  /** Programs whose events held the same Logpush event twice, and how many were dropped. */
  deduplicated: Array<{ program: number; dropped: number }>;
  links: LinkResult[];
}

/**
 * Brings a case imported before sources were linked (schema < 10) to one record per real session:
 * 1. events stored twice, as overlapping Logpush exports appended them (`wwhhooaami`), are
 *    stored once again;
 * 2. every program that is another recording of an older program joins it, as an import would
 *    have done.
 * Each step is its own transaction; running it again finds nothing left to do.
 */
export interface ReconcileHooks {
  nowUs: () => number;
  signal?: AbortSignal;
  /** Called inside each step's transaction, so what it records (the audit log) commits with it. */
  onDeduplicated?: (program: number, dropped: number) => void;
  onLinked?: (link: LinkResult) => void;
}

export async function reconcileCase(db: Database, hooks: ReconcileHooks): Promise<Reconciliation> {
  const { nowUs, signal } = hooks;
  const deduplicated: Reconciliation['deduplicated'] = [];
  // Programs stored before schema 10 have no output head yet: what finds a recording without times.
  const headless = statement(
    db,
    'SELECT id FROM programs WHERE output_head IS NULL AND output_bytes > 0 ORDER BY id',
    true,
  ).all() as number[];
  for (const program of headless) await withWriteLock(db, () => refreshProgramStats(db, program), { signal });
  const logpushPrograms = statement(
    db,
    `SELECT DISTINCT ps.program_id FROM program_sources ps JOIN sources s ON s.id = ps.source_id
       WHERE s.format = 'logpush' ORDER BY ps.program_id`,
    true,
  ).all() as number[];
  for (const program of logpushPrograms) {
    signal?.throwIfAborted();
    const events = [...readEvents(db, program)];
    if (events.length > MAX_REPAIR_EVENTS) continue;
    const twins = twinCopies(events);
    if (twins.size === 0) continue;
    await withWriteLock(
      db,
      () => {
        replaceProgramEvents(
          db,
          program,
          events.filter((_, i) => !twins.has(i)),
        );
        hooks.onDeduplicated?.(program, twins.size);
      },
      { signal },
    );
    deduplicated.push({ program, dropped: twins.size });
  }
  const links: LinkResult[] = [];
  const programs = primaryProgramRows(db);
  const gone = new Set<number>();
  const apart = KeptApart.of(db);
  for (const id of programs) {
    signal?.throwIfAborted();
    if (gone.has(id)) continue;
    const result = await withWriteLock(
      db,
      () => {
        const link = linkProgram(db, id, { sourceId: null, nowUs: nowUs(), existing: true, olderOnly: true, apart });
        if (link) hooks.onLinked?.(link);
        return link;
      },
      { signal },
    );
    if (!result) continue;
    links.push(result);
    gone.add(result.program);
  }
  return { deduplicated, links };
}

/** A repair, not an import: a program is examined in memory, up to this many events. */
const MAX_REPAIR_EVENTS = 2_000_000;

/**
 * The later of two copies of one recording stored together: each Logpush export appended its
 * events, and two exports stating the program start differently (whole seconds, nanoseconds) put
 * the copies a constant time apart. Found from the first event's twin: the offset at which every
 * event has an identical twin (kind, code, bytes) is the doubling; the events at the later time
 * are the copy. Returns the indexes of the copy's events, none when there is no such offset.
 */
function twinCopies(events: readonly TerminalEvent[]): Set<number> {
  if (events.length < 2 || events.length % 2 !== 0) return new Set();
  const keyOf = (ev: TerminalEvent): string => `${ev.kind}|${ev.code}|${Buffer.from(ev.data).toString('base64')}`;
  const keys = events.map(keyOf);
  const first = keys[0]!;
  const offsets = new Set<number>();
  for (let i = 1; i < events.length && offsets.size < 16; i++) {
    if (keys[i] === first) offsets.add(events[i]!.atUs - events[0]!.atUs);
  }
  for (const k of offsets) {
    const waiting = new Map<string, number[]>();
    const copy = new Set<number>();
    for (let i = 0; i < events.length; i++) {
      // An event is the copy of one seen k earlier with the same content; otherwise it waits for its own copy.
      const twin = waiting.get(`${events[i]!.atUs - k}|${keys[i]}`);
      if (twin && twin.length > 0) {
        twin.shift();
        copy.add(i);
      } else {
        const key = `${events[i]!.atUs}|${keys[i]}`;
        const list = waiting.get(key);
        if (list) list.push(i);
        else waiting.set(key, [i]);
      }
    }
    if (copy.size * 2 === events.length) return copy;
  }
  return new Set();
}
