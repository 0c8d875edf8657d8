import { basename } from 'node:path';
import type { ProgramDetail } from '../../shared/model';
import type {
  CaseInfo,
  CommandRow,
  MarkRow,
  ProgramCommands,
  ProgramVariant,
  SessionDetail,
  SourceContribution,
  SourceFile,
} from '../../shared/views';
import { getProgram, getSession } from './case-queries';
import { commandRef, parseEntityRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from './stored-time';
import { conflictsOfSession } from './provenance-queries';
import type { CaseDb } from './open-case';
import { sessionSpan } from './timeline-queries';
import { timelineFilterSql } from './timeline-filter-sql';
import { statement } from './statement-cache';

/** The queries behind an opened session: its programs, the files it came from, each program's commands. */

/** One session with every program's details and the source files it was read from; null when there is no such row. */
export function getSessionDetail(db: CaseDb, sessionRow: number): SessionDetail | null {
  const summary = getSession(db, sessionRow);
  if (!summary) return null;
  const ids = statement(db, 'SELECT account_id AS accountId, user_id AS userId FROM sessions WHERE id = ?').get(
    sessionRow,
  ) as { accountId: string | null; userId: string | null };
  return {
    ...summary,
    ...ids,
    programDetails: summary.programs
      .map((p) => getProgram(db, parseEntityRef(p.id)!.row))
      .filter((p): p is ProgramDetail => p !== null),
    sourceFiles: sourceFilesOfSession(db, sessionRow),
    conflicts: conflictsOfSession(db, sessionRow),
    variants: variantsOfSession(db, sessionRow),
    mergedIds: (
      statement(
        db,
        "SELECT old_id FROM entity_aliases WHERE kind = 'session' AND new_id = ? ORDER BY old_id",
        true,
      ).all(sessionRow) as number[]
    ).map(sessionRef),
  };
}

interface SourceRow {
  id: number;
  path: string;
  sha256: string;
  size: number;
  format: string;
  imported_at_us: number;
  status: 'imported' | 'partial';
  key_fingerprint: string | null;
}

interface ContributionRow {
  source_id: number;
  program_id: number;
  role: SourceContribution['role'];
  linked_by: SourceContribution['linkedBy'];
  linked_at_us: number | null;
  first_us: number | null;
  last_us: number | null;
  output_bytes: number | null;
  started_at_us: number | null;
}

/** Every file any program of the session was read from, once each, in import order, with what it gave. */
function sourceFilesOfSession(db: CaseDb, sessionRow: number): SourceFile[] {
  const contributions = statement(
    db,
    `SELECT ps.source_id, ps.program_id, ps.role, ps.linked_by, ps.linked_at_us, ps.first_us, ps.last_us,
         ps.output_bytes, p.started_at_us
       FROM programs p JOIN program_sources ps ON ps.program_id = p.id
       WHERE p.session_id = ? AND p.variant_of IS NULL ORDER BY ps.program_id`,
  ).all(sessionRow) as ContributionRow[];
  const rows = statement(
    db,
    `SELECT src.id, src.path, src.sha256, src.size, src.format, src.imported_at_us, src.status, src.key_fingerprint
       FROM sources src
       WHERE src.id IN (SELECT ps.source_id FROM programs p JOIN program_sources ps ON ps.program_id = p.id WHERE p.session_id = ?)
       ORDER BY src.id`,
  ).all(sessionRow) as SourceRow[];
  const at = (base: number | null, us: number | null): string | null =>
    base === null || us === null ? null : isoFromUs(base + us);
  return rows.map((r) => ({
    path: r.path,
    sha256: r.sha256,
    size: r.size,
    format: r.format,
    importedAt: isoFromUs(r.imported_at_us)!,
    status: r.status,
    keyFingerprint: r.key_fingerprint,
    contributions: contributions
      .filter((c) => c.source_id === r.id)
      .map((c) => ({
        program: programRef(c.program_id),
        role: c.role,
        linkedBy: c.linked_by,
        linkedAt: isoFromUs(c.linked_at_us),
        first: at(c.started_at_us, c.first_us),
        last: at(c.started_at_us, c.last_us),
        outputBytes: c.output_bytes,
      })),
  }));
}

function variantsOfSession(db: CaseDb, sessionRow: number): ProgramVariant[] {
  const rows = statement(
    db,
    `SELECT p.id, p.variant_of, group_concat(src.sha256) AS shas FROM programs p
       LEFT JOIN program_sources ps ON ps.program_id = p.id LEFT JOIN sources src ON src.id = ps.source_id
       WHERE p.session_id = ? AND p.variant_of IS NOT NULL GROUP BY p.id ORDER BY p.id`,
  ).all(sessionRow) as Array<{ id: number; variant_of: number; shas: string | null }>;
  return rows.map((r) => ({
    program: programRef(r.id),
    variantOf: programRef(r.variant_of),
    sources: r.shas ? r.shas.split(',') : [],
  }));
}

interface CommandDbRow {
  id: number;
  at_us: number;
  time_us: number | null;
  kind: CommandRow['kind'];
  text: string;
  program_name: string | null;
  guess: string | null;
  exit_status: number | null;
  cwd: string | null;
  output_start_us: number;
  output_end_us: number;
}

/** A program's commands in typing order and its marks in time order (both empty for an unknown program). */
export function programCommands(db: CaseDb, programRow: number): ProgramCommands {
  const commands = statement(
    db,
    `SELECT c.id, c.at_us, p.started_at_us + c.at_us AS time_us, c.kind, c.text, c.program_name, c.guess, c.exit_status, c.cwd,
         c.output_start_us, c.output_end_us
       FROM commands c JOIN programs p ON p.id = c.program_id WHERE c.program_id = ? ORDER BY c.seq`,
  ).all(programRow) as CommandDbRow[];
  const marks = statement(
    db,
    'SELECT at_us AS atUs, end_us AS endUs, kind, detail FROM marks WHERE program_id = ? ORDER BY at_us, id',
  ).all(programRow) as MarkRow[];
  return {
    program: programRef(programRow),
    commands: commands.map((c) => ({
      id: commandRef(c.id),
      atUs: c.at_us,
      time: isoFromUs(c.time_us),
      kind: c.kind,
      text: c.text,
      programName: c.program_name,
      guess: c.guess,
      exitStatus: c.exit_status,
      cwd: c.cwd,
      outputStartUs: c.output_start_us,
      outputEndUs: c.output_end_us,
    })),
    marks,
  };
}

/** What the window title and the case overview show: counts and the span of the timeline. */
export function caseInfo(db: CaseDb, path: string): CaseInfo {
  const counts = statement(
    db,
    `SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM programs WHERE variant_of IS NULL) AS programs,
         (SELECT count(*) FROM commands) AS commands,
         (SELECT count(*) FROM commands WHERE kind = 'program-input') AS programInputs, (SELECT count(*) FROM sources) AS sources`,
  ).get() as { sessions: number; programs: number; commands: number; programInputs: number; sources: number };
  const span = sessionSpan(db, timelineFilterSql({}));
  return {
    path,
    name: basename(path).replace(/\.sqlite$/i, ''),
    ...counts,
    firstStart: isoFromUs(span.fromUs),
    lastEnd: isoFromUs(span.toUs),
  };
}
