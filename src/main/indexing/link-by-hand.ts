import type { ConflictInfo, ImportLink } from '../../shared/model';
import { appendAudit } from '../evidence/audit-log';
import { parseEntityRef, programRef, sessionRef } from '../../shared/ids';
import { joinPrograms, joinSessions, LinkRefused, splitSource } from '../store/linking/manual-links';
import type { CaseDb } from '../store/open-case';
import { conflictsOfSession, importLinks } from '../store/provenance-queries';
import { programPlace } from '../store/row-lookups';
import { sourcesAtPath, sourcesWithSha256Prefix, type NamedSource } from '../store/source-rows';
import { withWriteLock } from '../store/write-lock';
import { indexPrograms } from './index-programs';

/**
 * The investigator's own links, each one transaction with its audit entry and the commands of
 * every program whose events changed rebuilt: join two sessions (or two programs) found to be one,
 * split a source off a program it was linked to by mistake.
 */

export interface JoinOutcome {
  kept: string;
  merged: string;
  link: ImportLink | null;
  conflicts: ConflictInfo[];
}

export async function joinByHand(db: CaseDb, keepId: string, mergeId: string, now = Date.now()): Promise<JoinOutcome> {
  const keep = parseEntityRef(keepId);
  const merge = parseEntityRef(mergeId);
  if (!keep || !merge) throw new LinkRefused('give two session ids (s12) or two program ids (p34)');
  if (keep.kind !== merge.kind) throw new LinkRefused('join two sessions or two programs, not one of each');
  // The older record stays, whichever was named first: its id is the one already noted and reported.
  const [older, newer] = keep.row < merge.row ? [keep.row, merge.row] : [merge.row, keep.row];
  const ref = keep.kind === 'session' ? sessionRef : programRef;
  return run(db, async () => {
    let link: ImportLink | null = null;
    let sessionRow: number;
    let programsJoined: string[] = [];
    if (keep.kind === 'session') {
      const joined = joinSessions(db, older, newer, now * 1000);
      sessionRow = older;
      programsJoined = joined.programLinks.map((l) => `${programRef(l.program)} → ${programRef(l.into)}`);
      const changed = joined.programLinks.filter((l) => l.changed).map((l) => l.into);
      if (changed.length > 0) await indexPrograms(db, changed);
    } else {
      const result = joinPrograms(db, older, newer, now * 1000);
      link = importLinks([result], 'manual')[0]!;
      sessionRow = result.session;
      if (result.changed) await indexPrograms(db, [result.into]);
    }
    const conflicts = conflictsOfSession(db, sessionRow);
    appendAudit(db, {
      action: 'join',
      now: () => now,
      details: {
        kept: ref(older),
        merged: ref(newer),
        relation: link?.relation ?? null,
        ...(programsJoined.length > 0 && { programsJoined }),
        by: 'investigator',
      },
    });
    return { kept: ref(older), merged: ref(newer), link, conflicts };
  });
}

export interface SplitOutcome {
  program: string;
  source: string;
  /** The program (in a session of its own) the source now records. */
  split: string;
  session: string;
}

/** Splits the source named by its SHA-256 (or a prefix of 12+ hex digits, or its path) off a program. */
export async function splitByHand(
  db: CaseDb,
  programId: string,
  sourceName: string,
  now = Date.now(),
): Promise<SplitOutcome> {
  const program = parseEntityRef(programId);
  if (!program || program.kind !== 'program')
    throw new LinkRefused('give the program id (p34) the source is linked to');
  const source = findSource(db, sourceName);
  return run(db, async () => {
    const split = splitSource(db, program.row, source.id, now * 1000);
    await indexPrograms(db, [program.row, split]);
    const session = programPlace(db, split)!.sessionRow;
    const outcome = {
      program: programRef(program.row),
      source: source.sha256,
      split: programRef(split),
      session: sessionRef(session),
    };
    appendAudit(db, {
      action: 'split',
      now: () => now,
      details: { ...outcome, path: source.path, by: 'investigator' },
    });
    return outcome;
  });
}

function findSource(db: CaseDb, name: string): NamedSource {
  const text = name.trim();
  const found = /^[0-9a-f]{12,64}$/i.test(text) ? sourcesWithSha256Prefix(db, text) : sourcesAtPath(db, text);
  if (found.length === 0)
    throw new LinkRefused(`no source of this case is ${text} (give its SHA-256, 12 digits or more, or its path)`);
  if (found.length > 1) throw new LinkRefused(`${text} names ${found.length} sources: give more of the SHA-256`);
  return found[0]!;
}

function run<T>(db: CaseDb, work: () => Promise<T>): Promise<T> {
  return withWriteLock(db, work);
}
