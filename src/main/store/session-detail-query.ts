import { basename } from 'node:path';
import type { ProgramDetail } from '../../shared/model';
import type { CaseInfo, CommandRow, MarkRow, ProgramCommands, SessionDetail, SourceFile } from '../../shared/views';
import { getProgram, getSession } from './case-queries';
import { commandRef, isoFromUs, parseEntityRef, programRef } from './ids';
import type { CaseDb } from './open-case';
import { sessionSpan } from './timeline-queries';
import { timelineFilterSql } from './timeline-filter-sql';

/** The queries behind an opened session: its programs, the files it came from, each program's commands. */

/** One session with every program's details and the source files it was read from; null when there is no such row. */
export function getSessionDetail(db: CaseDb, sessionRow: number): SessionDetail | null {
  const summary = getSession(db, sessionRow);
  if (!summary) return null;
  const ids = db
    .prepare('SELECT account_id AS accountId, user_id AS userId FROM sessions WHERE id = ?')
    .get(sessionRow) as { accountId: string | null; userId: string | null };
  return {
    ...summary,
    ...ids,
    programDetails: summary.programs
      .map((p) => getProgram(db, parseEntityRef(p.id)!.row))
      .filter((p): p is ProgramDetail => p !== null),
    sourceFiles: sourceFilesOfSession(db, sessionRow),
  };
}

interface SourceRow {
  path: string;
  sha256: string;
  size: number;
  format: string;
  imported_at_us: number;
  status: 'imported' | 'partial';
  key_fingerprint: string | null;
}

/** Every file any program of the session was read from, once each, in import order. */
function sourceFilesOfSession(db: CaseDb, sessionRow: number): SourceFile[] {
  const rows = db
    .prepare(
      `SELECT src.path, src.sha256, src.size, src.format, src.imported_at_us, src.status, src.key_fingerprint FROM sources src
       WHERE src.id IN (SELECT ps.source_id FROM programs p JOIN program_sources ps ON ps.program_id = p.id WHERE p.session_id = ?)
       ORDER BY src.id`,
    )
    .all(sessionRow) as SourceRow[];
  return rows.map((r) => ({
    path: r.path,
    sha256: r.sha256,
    size: r.size,
    format: r.format,
    importedAt: isoFromUs(r.imported_at_us)!,
    status: r.status,
    keyFingerprint: r.key_fingerprint,
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
  const commands = db
    .prepare(
      `SELECT c.id, c.at_us, p.started_at_us + c.at_us AS time_us, c.kind, c.text, c.program_name, c.guess, c.exit_status, c.cwd,
         c.output_start_us, c.output_end_us
       FROM commands c JOIN programs p ON p.id = c.program_id WHERE c.program_id = ? ORDER BY c.seq`,
    )
    .all(programRow) as CommandDbRow[];
  const marks = db
    .prepare('SELECT at_us AS atUs, end_us AS endUs, kind, detail FROM marks WHERE program_id = ? ORDER BY at_us, id')
    .all(programRow) as MarkRow[];
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
  const counts = db
    .prepare(
      `SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM programs) AS programs,
         (SELECT count(*) FROM commands) AS commands, (SELECT count(*) FROM sources) AS sources`,
    )
    .get() as { sessions: number; programs: number; commands: number; sources: number };
  const span = sessionSpan(db, timelineFilterSql({}));
  return {
    path,
    name: basename(path).replace(/\.sqlite$/i, ''),
    ...counts,
    firstStart: isoFromUs(span.fromUs),
    lastEnd: isoFromUs(span.toUs),
  };
}
