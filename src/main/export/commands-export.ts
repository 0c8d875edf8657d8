import { commandRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import type { CaseDb } from '../store/open-case';
import { csvRecord } from './csv';
import { escapeJsonControls } from '../../shared/control-chars';

/** Which commands to export: all of the case, or those of the given sessions and programs (rows). */
export interface CommandScope {
  sessions: readonly number[];
  programs: readonly number[];
}

/** One exported command, in the words a SIEM ingests: flat, snake_case, ids as in `sshlens show`. */
export interface CommandExportRow {
  command_id: string;
  session_id: string;
  program_id: string;
  /** Program start + the command's offset, ISO 8601 UTC; null when the start is unknown. */
  time: string | null;
  user_email: string | null;
  username: string | null;
  target_id: string | null;
  client_address: string | null;
  server_address: string | null;
  kind: string;
  text: string;
  cwd: string | null;
  exit_status: number | null;
  /** The program a program-input command was typed into (python, mysql...). */
  program_name: string | null;
  /** SHA-256 of every source file the command's program was imported from. */
  source_sha256: string[];
}

/** Column order of the CSV and key order of the JSON Lines. */
export const COMMAND_EXPORT_COLUMNS: ReadonlyArray<keyof CommandExportRow> = [
  'command_id',
  'session_id',
  'program_id',
  'time',
  'user_email',
  'username',
  'target_id',
  'client_address',
  'server_address',
  'kind',
  'text',
  'cwd',
  'exit_status',
  'program_name',
  'source_sha256',
];

interface CommandExportDbRow {
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
export function* commandExportRows(db: CaseDb, scope: CommandScope | 'all'): Generator<CommandExportRow> {
  const all = scope === 'all';
  const page = db.prepare(`SELECT c.id, c.program_id, c.seq, p.session_id, p.started_at_us + c.at_us AS time_us,
      s.user_email, s.username, s.target_id, s.client_address, s.server_address,
      c.kind, c.text, c.cwd, c.exit_status, c.program_name,
      (SELECT group_concat(sha256, ';') FROM (SELECT src.sha256 FROM program_sources ps JOIN sources src ON src.id = ps.source_id
        WHERE ps.program_id = c.program_id ORDER BY src.id)) AS sources
    FROM commands c JOIN programs p ON p.id = c.program_id JOIN sessions s ON s.id = p.session_id
    WHERE (c.program_id, c.seq) > (@afterProgram, @afterSeq)
      AND (@all OR c.program_id IN (SELECT value FROM json_each(@programs)) OR p.session_id IN (SELECT value FROM json_each(@sessions)))
    ORDER BY c.program_id, c.seq LIMIT ${PAGE_ROWS}`);
  const params = {
    all: all ? 1 : 0,
    programs: JSON.stringify(all ? [] : scope.programs),
    sessions: JSON.stringify(all ? [] : scope.sessions),
    afterProgram: -1,
    afterSeq: -1,
  };
  for (;;) {
    const rows = page.all(params) as CommandExportDbRow[];
    for (const r of rows) yield toExportRow(r);
    if (rows.length < PAGE_ROWS) return;
    const last = rows[rows.length - 1]!;
    params.afterProgram = last.program_id;
    params.afterSeq = last.seq;
  }
}

function toExportRow(r: CommandExportDbRow): CommandExportRow {
  return {
    command_id: commandRef(r.id),
    session_id: sessionRef(r.session_id),
    program_id: programRef(r.program_id),
    time: isoFromUs(r.time_us),
    user_email: r.user_email,
    username: r.username,
    target_id: r.target_id,
    client_address: r.client_address,
    server_address: r.server_address,
    kind: r.kind,
    text: r.text,
    cwd: r.cwd,
    exit_status: r.exit_status,
    program_name: r.program_name,
    source_sha256: r.sources === null ? [] : r.sources.split(';'),
  };
}

/** One JSON Lines record (no newline): the exact recorded text (hidden characters as \u escapes), typed values. */
export function commandJsonLine(row: CommandExportRow): string {
  return escapeJsonControls(JSON.stringify(row, COMMAND_EXPORT_COLUMNS as string[]));
}

/** The CSV header record. */
export function commandCsvHeader(): string {
  return csvRecord(COMMAND_EXPORT_COLUMNS);
}

/** One CSV record: source hashes joined with ";", text fields safe for spreadsheets (see csv.ts). */
export function commandCsvRecord(row: CommandExportRow): string {
  return csvRecord(
    COMMAND_EXPORT_COLUMNS.map((k) =>
      k === 'source_sha256' ? row.source_sha256.join(';') : row[k as Exclude<keyof CommandExportRow, 'source_sha256'>],
    ),
  );
}
