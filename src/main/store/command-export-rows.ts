import type { CaseDb } from './open-case';
import { statement } from './statement-cache';

/** Which commands to export: all of the case, or those of the given sessions and programs (rows). */
export interface CommandScope {
  sessions: readonly number[];
  programs: readonly number[];
}

/** A command with its session's facts and its program's sources (SHA-256s joined by ";"), as stored. */
export interface CommandExportDbRow {
  id: number;
  program_id: number;
  seq: number;
  session_id: number;
  time_us: number | null;
  user_email: string | null;
  username: string | null;
  target_id: string | null;
  client_address: string | null;
  server_address: string | null;
  kind: string;
  text: string;
  cwd: string | null;
  exit_status: number | null;
  program_name: string | null;
  sources: string | null;
}

const PAGE_ROWS = 1000;

/**
 * The commands of a scope in program order, then typing order. Read a page at a time by
 * keyset (program, seq), so millions of commands never sit in memory and no statement stays
 * open between pages. Read-only: a plain SELECT.
 */
export function* commandRowsForExport(db: CaseDb, scope: CommandScope | 'all'): Generator<CommandExportDbRow> {
  const all = scope === 'all';
  const page = statement(
    db,
    `SELECT c.id, c.program_id, c.seq, p.session_id, p.started_at_us + c.at_us AS time_us,
      s.user_email, s.username, s.target_id, s.client_address, s.server_address,
      c.kind, c.text, c.cwd, c.exit_status, c.program_name,
      (SELECT group_concat(sha256, ';') FROM (SELECT src.sha256 FROM program_sources ps JOIN sources src ON src.id = ps.source_id
        WHERE ps.program_id = c.program_id ORDER BY src.id)) AS sources
    FROM commands c JOIN programs p ON p.id = c.program_id JOIN sessions s ON s.id = p.session_id
    WHERE (c.program_id, c.seq) > (@afterProgram, @afterSeq)
      AND (@all OR c.program_id IN (SELECT value FROM json_each(@programs)) OR p.session_id IN (SELECT value FROM json_each(@sessions)))
    ORDER BY c.program_id, c.seq LIMIT ${PAGE_ROWS}`,
  );
  const params = {
    all: all ? 1 : 0,
    programs: JSON.stringify(all ? [] : scope.programs),
    sessions: JSON.stringify(all ? [] : scope.sessions),
    afterProgram: -1,
    afterSeq: -1,
  };
  for (;;) {
    const rows = page.all(params) as CommandExportDbRow[];
    yield* rows;
    if (rows.length < PAGE_ROWS) return;
    const last = rows[rows.length - 1]!;
    params.afterProgram = last.program_id;
    params.afterSeq = last.seq;
  }
}
