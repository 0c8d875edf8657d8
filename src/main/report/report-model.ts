import type { ConflictInfo, SessionSummary } from '../../shared/model';
import type { NoteView, SourceContribution, SourceRole } from '../../shared/views';
import type { CaseFields } from '../evidence/case-fields';

/** The facts of a report, the same for every format; JSON reports are this, as docs/report.schema.json describes. */
export interface ReportModel {
  format: 'sshlens-report';
  /** 2 since reports carry their proof (1: no proof, no audit head seq). */
  /** 3 since reports list each program's sources (format, role, link) and each session's conflicts. */
  formatVersion: 3;
  case: CaseFields;
  generatedAt: string;
  tool: { name: 'sshlens'; version: string };
  scope: ReportScope;
  summary: SessionSummaryRow[];
  sessions: ReportSession[];
  manifest: ReportManifest;
  /** SHA-256 digests of the canonical JSON of each part above (report-proof.ts): what verify recomputes. */
  proof: ReportProof;
}

export interface ReportProof {
  method: 'sha256-canonical-json';
  /** One digest a part: header, case, summary, each session (session sN), manifest. */
  parts: Array<{ part: string; sha256: string }>;
  /** The digest of the canonical JSON of `parts`. */
  sha256: string;
}

export interface ReportScope {
  /** Session ids asked for; null means every session in the case. */
  sessions: string[] | null;
  /** Only sessions carrying a note with one of these tags; null for no such limit. */
  tags: string[] | null;
  from: string | null;
  to: string | null;
  outputLines: number;
  transcript: boolean;
}

export interface SessionSummaryRow {
  session: string;
  user: string | null;
  target: string | null;
  start: string | null;
  end: string | null;
  programs: number;
  commands: number;
}

/** A session as the case lists it, with its programs in report form. */
export interface ReportSession extends Omit<SessionSummary, 'programs' | 'cfSessionId'> {
  /** Cloudflare's SessionID (cfSessionId inside sshlens), named as the report schema publishes it. */
  sessionId: string | null;
  programs: ReportProgram[];
  /**
   * The investigator's notes, tags and stars on this session and anything in it; named
   * `annotations` in the report JSON (docs/report.schema.json), kept so its readers keep working.
   */
  annotations: NoteView[];
  /** Where its sources disagree (issue 10): both sides kept, never one picked silently. */
  conflicts: ConflictInfo[];
}

export interface ReportProgram {
  id: string;
  /** Cloudflare's ProgramID (cfProgramId inside sshlens), named as the report schema publishes it. */
  programId: string | null;
  type: string;
  command: string | null;
  start: string | null;
  end: string | null;
  exitStatus: number | null;
  exitSignal: string | null;
  exitError: string | null;
  sources: ReportProgramSource[];
  commands: ReportCommand[];
  /** The text its terminal showed, when asked for (--transcript). */
  transcript: string | null;
}

export interface ReportCommand {
  id: string;
  time: string | null;
  kind: string;
  method: string;
  text: string;
  exitStatus: number | null;
  /** The first lines of its output, when asked for; truncated says more was left out. */
  output: { lines: string[]; truncated: boolean } | null;
}

export interface ReportSource {
  path: string;
  size: number;
  sha256: string;
}

/** A source of a program, with what it gave it (issue 10): its events, the same or a part of them, facts only, or a conflict. */
export interface ReportProgramSource extends ReportSource {
  format: string;
  role: SourceRole;
  /** How it was joined to the program; null when it created it. */
  linkedBy: SourceContribution['linkedBy'];
}

export interface ReportManifest {
  /** Every source of the case, with the sessions it recorded (issue 10: sources per session). */
  sources: Array<ReportSource & { format: string; importedAt: string | null; sessions: string[] }>;
  audit: {
    verified: boolean;
    entries: number;
    /** The audit log's head when the report was written: its last entry's seq and hash. */
    lastSeq: number | null;
    lastHash: string | null;
    firstBadSeq: number | null;
    reason: string | null;
  };
}
