import { listNotes } from '../notes/list-notes';
import { noteView } from '../notes/note-view';
import { getCaseFields } from '../evidence/case-fields';
import { verifyAudit } from '../evidence/audit-log';
import { getProgram, listSessions, readEvents } from '../store/case-queries';
import { listProgramCommands } from '../store/command-store';
import { commandRef, parseEntityRef, rowOfRef, sessionRef } from '../../shared/ids';
import { isoFromUs } from '../store/stored-time';
import { conflictsOfSession } from '../store/provenance-queries';
import type { CaseDb } from '../store/open-case';
import { selectCommandOutputs } from '../store/program-text-rows';
import { selectProgramSources, selectSourceSessions, selectSources } from '../store/source-rows';
import { renderTranscript } from '../terminal/render-transcript';
import { proveReport, type UnprovenReport } from './report-proof';
import type {
  ReportCommand,
  ReportManifest,
  ReportModel,
  ReportProgram,
  ReportSession,
  ReportProgramSource,
} from './report-model';
import { withoutTrailingNewlines } from '../../shared/trailing';

export interface ReportOptions {
  /** Session ids (s1); empty for all. */
  sessions: string[];
  /** Only sessions with a note carrying one of these tags; empty for no such limit. */
  tags: string[];
  fromUs: number | null;
  toUs: number | null;
  /** Lines of output kept per command; 0 for none. */
  outputLines: number;
  transcript: boolean;
  toolVersion: string;
  now?: () => number;
  /** Called as the programs are read (done of total): a long report shows how far it is. */
  onProgress?: (done: number, total: number) => void;
}

/** Longest output line kept: a report is read, and a minified blob would swamp it. */
const MAX_LINE_CHARS = 500;
export const MAX_OUTPUT_LINES = 200;

export class UnknownSessionError extends Error {}

/** Reads everything a report states from the case; nothing is written. */
export async function buildReport(db: CaseDb, options: ReportOptions): Promise<ReportModel> {
  const wanted = new Set(options.sessions.map(sessionRow));
  const listed = listSessions(db, { sinceUs: options.fromUs ?? undefined, untilUs: options.toUs ?? undefined });
  const tagged =
    options.tags.length === 0
      ? null
      : new Set(options.tags.flatMap((tag) => listNotes(db, { tag }).map((a) => a.sessionRow)));
  const chosen = listed.filter(
    (s) => (wanted.size === 0 || wanted.has(rowOfRef(s.id))) && (tagged === null || tagged.has(rowOfRef(s.id))),
  );
  if (wanted.size > 0) {
    const all = new Set(listSessions(db).map((s) => rowOfRef(s.id)));
    for (const row of wanted)
      if (!all.has(row)) throw new UnknownSessionError(`no session ${sessionRef(row)} in this case`);
  }
  const sizes = sourceSizes(db);
  const sessions: ReportSession[] = [];
  const total = chosen.reduce((n, s) => n + s.programs.length, 0);
  let done = 0;
  options.onProgress?.(0, total);
  for (const s of chosen) {
    const programs: ReportProgram[] = [];
    for (const p of s.programs) {
      programs.push(await reportProgram(db, rowOfRef(p.id), sizes, options));
      options.onProgress?.(++done, total);
    }
    const { id, cfSessionId, ...rest } = s;
    sessions.push({
      id,
      sessionId: cfSessionId,
      ...rest,
      programs,
      annotations: listNotes(db, { sessionRow: rowOfRef(s.id) }).map(noteView),
      conflicts: conflictsOfSession(db, rowOfRef(s.id)),
    });
  }
  const facts: UnprovenReport = {
    format: 'sshlens-report',
    formatVersion: 3,
    case: getCaseFields(db),
    generatedAt: new Date((options.now ?? Date.now)()).toISOString(),
    tool: { name: 'sshlens', version: options.toolVersion },
    scope: {
      sessions: options.sessions.length > 0 ? options.sessions : null,
      tags: options.tags.length > 0 ? options.tags : null,
      from: isoFromUs(options.fromUs),
      to: isoFromUs(options.toUs),
      outputLines: options.outputLines,
      transcript: options.transcript,
    },
    summary: sessions.map((s) => ({
      session: s.id,
      user: s.userEmail ?? s.username,
      target: s.targetId ?? s.serverAddress,
      start: s.start,
      end: s.end,
      programs: s.programs.length,
      commands: s.programs.reduce((n, p) => n + p.commands.length, 0),
    })),
    sessions,
    manifest: manifest(db),
  };
  return { ...facts, proof: proveReport(facts) };
}

function sessionRow(id: string): number {
  const ref = parseEntityRef(id);
  if (ref?.kind !== 'session') throw new UnknownSessionError(`"${id}" is not a session id (like s1)`);
  return ref.row;
}

async function reportProgram(
  db: CaseDb,
  row: number,
  sizes: Map<string, number>,
  options: ReportOptions,
): Promise<ReportProgram> {
  const p = getProgram(db, row)!;
  const outputs = options.outputLines > 0 ? selectCommandOutputs(db, row) : new Map<number, string>();
  const commands: ReportCommand[] = listProgramCommands(db, row).map((c) => ({
    id: commandRef(c.row),
    time: isoFromUs(c.timeUs),
    kind: c.kind,
    method: c.method,
    text: c.text,
    exitStatus: c.exitStatus,
    output: options.outputLines > 0 ? excerpt(outputs.get(c.row) ?? '', options.outputLines) : null,
  }));
  return {
    id: p.id,
    programId: p.cfProgramId,
    type: p.type,
    command: p.command,
    start: p.start,
    end: p.end,
    exitStatus: p.exitStatus,
    exitSignal: p.exitSignal,
    exitError: p.exitError,
    sources: programSources(db, row, sizes),
    commands,
    transcript: options.transcript ? await renderTranscript(readEvents(db, row), p.terminal) : null,
  };
}

/** Every source of a program, in import order, with the part it plays (program_sources). */
function programSources(db: CaseDb, programRow: number, sizes: Map<string, number>): ReportProgramSource[] {
  return selectProgramSources(db, programRow).map((r) => ({
    path: r.path,
    size: sizes.get(r.sha256) ?? 0,
    sha256: r.sha256,
    format: r.format,
    role: r.role,
    linkedBy: r.linkedBy,
  }));
}

function excerpt(text: string, maxLines: number): { lines: string[]; truncated: boolean } {
  const all = withoutTrailingNewlines(text.replace(/\r\n/g, '\n'));
  const lines = all === '' ? [] : all.split('\n');
  const kept = lines.slice(0, maxLines).map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS)}…` : l));
  return { lines: kept, truncated: lines.length > maxLines || lines.some((l) => l.length > MAX_LINE_CHARS) };
}

function sourceSizes(db: CaseDb): Map<string, number> {
  return new Map(selectSources(db).map((r) => [r.sha256, r.size]));
}

/** Every source file in the case and the audit chain's state: what a reader checks the report against. */
function manifest(db: CaseDb): ReportManifest {
  const sources = selectSources(db);
  const sessionsOf = sessionsBySource(db);
  const audit = verifyAudit(db);
  return {
    sources: sources.map(({ importedAtUs, id, ...s }) => ({
      ...s,
      importedAt: isoFromUs(importedAtUs),
      sessions: sessionsOf.get(id) ?? [],
    })),
    audit: {
      verified: audit.ok,
      entries: audit.entries.length,
      lastSeq: audit.entries.at(-1)?.seq ?? null,
      lastHash: audit.entries.at(-1)?.hash ?? null,
      firstBadSeq: audit.ok ? null : audit.firstBadSeq,
      reason: audit.ok ? null : audit.reason,
    },
  };
}

/** The sessions each source recorded (any of their programs, variants included), in id order. */
function sessionsBySource(db: CaseDb): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of selectSourceSessions(db)) {
    const list = out.get(r.sourceRow);
    if (list) list.push(sessionRef(r.sessionRow));
    else out.set(r.sourceRow, [sessionRef(r.sessionRow)]);
  }
  return out;
}
