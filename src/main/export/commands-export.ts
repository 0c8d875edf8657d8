import { commandRef, programRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import type { CaseDb } from '../store/open-case';
import { commandRowsForExport, type CommandExportDbRow, type CommandScope } from '../store/command-export-rows';
import { csvRecord } from './csv';
import { escapeJsonControls } from '../../shared/control-chars';

export type { CommandScope } from '../store/command-export-rows';

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

/**
 * The commands of a scope in program order, then typing order, read a page at a time by the
 * store (millions of commands never sit in memory). Read-only.
 */
export function* commandExportRows(db: CaseDb, scope: CommandScope | 'all'): Generator<CommandExportRow> {
  for (const r of commandRowsForExport(db, scope)) yield toExportRow(r);
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
