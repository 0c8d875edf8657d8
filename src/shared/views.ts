// What the screens show, as main answers it: the timeline, a session opened, its commands, the
// replay's frames and the jobs running in the background. Shared by main, preload and renderer.
// Times: ISO 8601 UTC strings for wall-clock moments; numbers named *Us are microseconds, *Ms
// milliseconds. Every string that comes from a recording is hostile text: shown as text, never HTML.

import type { ConflictInfo, ImportOutcome, ProgramDetail, ProgramType, SessionSummary, SessionWhoWhen } from './model';

// ---------------------------------------------------------------------------------- case

export interface CaseInfo {
  /** Absolute path of the case file. */
  path: string;
  /** The file's name without .sqlite, for the window title. */
  name: string;
  sessions: number;
  programs: number;
  /** Every reconstructed command, as `export commands` writes them: shell and exec commands and program input. */
  commands: number;
  /** Of those, lines typed into a program the shell ran (python3, psql...). */
  programInputs: number;
  sources: number;
  /** Earliest start and latest end of any session; null in an empty case. */
  firstStart: string | null;
  lastEnd: string | null;
}

export interface RecentCase {
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

// ------------------------------------------------------------------------------ timeline

export interface TimelineFilter {
  /** Email, username or user id, exact (case-insensitive for email). */
  user?: string;
  target?: string;
  /** Client or server address: a prefix match ("10.0." finds 10.0.3.7). */
  address?: string;
  type?: ProgramType;
  /**
   * Only sessions with a program that ended with a non-zero status (not killed): the program's own
   * answer ("grep found nothing", "test failed"), not an error of the recording (issue 14 item 7).
   */
  nonZeroExit?: boolean;
  /** Only sessions with a problem: the session record states an error, or a program was killed, ended with an error or is only partly recorded. */
  problemsOnly?: boolean;
  /** Epoch milliseconds, inclusive; a session is in when it overlaps [fromMs, toMs]. */
  fromMs?: number;
  toMs?: number;
}

export interface TimelineFacet {
  value: string;
  sessions: number;
}

/** The values the filters can take, most frequent first (at most FACET_LIMIT each). */
export interface TimelineFacets {
  users: TimelineFacet[];
  targets: TimelineFacet[];
  addresses: TimelineFacet[];
  types: TimelineFacet[];
  /** Epoch ms of the first start and last end in the case; null when empty. */
  fromMs: number | null;
  toMs: number | null;
}
export const FACET_LIMIT = 200;

export interface HistogramRequest {
  filter: TimelineFilter;
  /** The axis; defaults to the filtered sessions' own span. */
  fromMs?: number;
  toMs?: number;
  buckets: number;
}

export interface Histogram {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  /** Sessions starting in each bucket. */
  counts: number[];
  /** Of those, sessions with a non-zero exit (see TimelineFilter.nonZeroExit). */
  nonZeroExit: number[];
  /** Of those, sessions with a problem (see TimelineFilter.problemsOnly). */
  problems: number[];
}

/** One row of the timeline list: enough to draw it, no program details. */
export interface TimelineRow extends SessionWhoWhen {
  id: string;
  /** Program types in the session, distinct, e.g. ["shell", "exec"]. */
  types: ProgramType[];
  programs: number;
  commands: number;
  /** By the definition of TimelineFilter.nonZeroExit (and the histogram's). */
  nonZeroExit: boolean;
  /** By the definition of TimelineFilter.problemsOnly (and the histogram's). */
  problem: boolean;
  /** What made `nonZeroExit` or `problem` true, in the words of a program's exit; null when neither is. */
  flags: SessionFlags | null;
}

/**
 * Why a session is flagged, over its programs as their exit badges read: a signal first, then a
 * status, then an exit error. A non-zero status is the program's answer, not an error of the
 * recording or of sshlens (issue 14 item 7), so it is its own notion, apart from problems.
 */
export interface SessionFlags {
  /** The session's own record states an error. */
  sessionError: boolean;
  /** Programs killed by a signal. */
  killed: number;
  /** The non-zero statuses of programs not killed, distinct, lowest first. */
  exitStatuses: number[];
  /** Programs with neither signal nor status that ended with an error. */
  exitErrors: number;
  /** Programs whose recording ends before they did. */
  incomplete: number;
}

export interface TimelinePageRequest {
  filter: TimelineFilter;
  offset: number;
  limit: number;
}
export const MAX_PAGE_ROWS = 500;

export interface TimelinePage {
  /** Sessions matching the filter, all pages together. */
  total: number;
  offset: number;
  rows: TimelineRow[];
}

// ------------------------------------------------------------------------------- session

export interface SourceFile {
  path: string;
  sha256: string;
  size: number;
  format: string;
  importedAt: string;
  status: 'imported' | 'partial';
  keyFingerprint: string | null;
  /** What the file gave each program of the session. */
  contributions: SourceContribution[];
}

/**
 * What one source gave one program: `events` (its recorded events are the program's, or part of
 * them), `same` (it holds the same recording), `part` (a part of it), `facts` (ids, user, exit
 * status, but no events), `conflict` (it disagrees: its recording is kept as a variant).
 */
export type SourceRole = 'events' | 'same' | 'part' | 'facts' | 'conflict';

export interface SourceContribution {
  program: string;
  role: SourceRole;
  /** How it was joined to the program: null when it created it. */
  linkedBy: 'cloudflare-id' | 'content' | 'manual' | null;
  linkedAt: string | null;
  /** The span of the program it covers (ISO), and the output bytes it holds. */
  first: string | null;
  last: string | null;
  outputBytes: number | null;
}

/** A recording of a program that disagrees with it, kept whole as evidence. */
export interface ProgramVariant {
  program: string;
  variantOf: string;
  sources: string[];
}

export interface SessionDetail extends SessionSummary {
  accountId: string | null;
  userId: string | null;
  programDetails: ProgramDetail[];
  sourceFiles: SourceFile[];
  /** Where sources of this session disagree; never resolved silently. */
  conflicts: ConflictInfo[];
  variants: ProgramVariant[];
  /** Ids of sessions that were found to be this one and merged into it. */
  mergedIds: string[];
}

export interface CommandRow {
  id: string;
  /** µs since the program started (when Enter was pressed). */
  atUs: number;
  time: string | null;
  kind: 'shell' | 'exec' | 'program-input';
  text: string;
  /** The program a program-input line was typed into (python3, psql...). */
  programName: string | null;
  guess: string | null;
  exitStatus: number | null;
  cwd: string | null;
  outputStartUs: number;
  outputEndUs: number;
}

export interface MarkRow {
  atUs: number;
  endUs: number | null;
  kind: 'abandoned-input' | 'hidden-input' | 'fullscreen' | 'resize';
  /** Never a secret: hidden-input marks carry at most the prompt text. */
  detail: string | null;
}

export interface ProgramCommands {
  program: string;
  commands: CommandRow[];
  marks: MarkRow[];
}

// -------------------------------------------------------------------------------- replay

/** A terminal output or resize, as the player writes it. */
export type ReplayEvent =
  { atUs: number; kind: 'output'; text: string } | { atUs: number; kind: 'resize'; cols: number; rows: number };

export interface ReplayInfo {
  program: string;
  /** Size at the start; resizes arrive as events. */
  cols: number;
  rows: number;
  /** µs from the program's start to its last event. */
  durationUs: number;
  outputBytes: number;
  /** The program's wall-clock start, to show times; null when unknown. */
  start: string | null;
  /** Scrollback the snapshots were taken with: the player must use the same. */
  scrollback: number;
}

/** The terminal as it was at `atUs`: a snapshot taken at or before it, then the events up to it. */
export interface ReplayFrame {
  atUs: number;
  /** Serialized terminal (@xterm/addon-serialize) at `snapshot.atUs`; null = start from a blank terminal of the initial size. */
  snapshot: { atUs: number; cols: number; rows: number; data: string } | null;
  /** Events after the snapshot (or from the start), up to and including `atUs`. */
  events: ReplayEvent[];
}

export interface ReplayEventsRequest {
  program: string;
  /** Events strictly after this time (µs since start); -1 from the beginning. */
  afterUs: number;
  /** Stop once this much output text is gathered (whole events). */
  maxChars: number;
}

export interface ReplayChunk {
  events: ReplayEvent[];
  /** True when the program has no events after the last one returned. */
  done: boolean;
}

export interface FindInProgramRequest {
  program: string;
  text: string;
  limit: number;
}

export interface FindHit {
  /** Where to seek: the output (or command) that matched. */
  atUs: number;
  snippet: string;
  matches: Array<{ start: number; end: number }>;
  in: 'command' | 'output';
}

export interface ExecStreams {
  program: string;
  command: string | null;
  /** Text of each stream, capped at EXEC_STREAM_CHARS; the byte counts are exact. */
  stdin: string;
  stdout: string;
  stderr: string;
  stdinBytes: number;
  stdoutBytes: number;
  stderrBytes: number;
  /**
   * Whether a source of this program keeps stderr apart: only a capture does (output code 1).
   * Logpush and asciicast carry one output stream, so there stderr is inside stdout.
   */
  stderrApart: boolean;
  truncated: boolean;
}
export const EXEC_STREAM_CHARS = 1_000_000;

// ---------------------------------------------------------------------------------- jobs

export type JobKind = 'import' | 'reindex' | 'demo';
/** Jobs run one at a time (a case has one writer); later ones wait their turn. */
export type JobState = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface JobFile {
  path: string;
  size: number;
  doneBytes: number;
  state: 'waiting' | 'running' | 'finished';
  outcome: ImportOutcome | null;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  state: JobState;
  startedAt: string;
  finishedAt: string | null;
  /** Overall progress: bytes for imports, programs for a reindex, files for the demo. */
  progress: { done: number; total: number; unit: 'bytes' | 'programs' | 'files' };
  /** The case the job writes to. */
  casePath: string;
  files: JobFile[];
  /** Walk problems and skipped files (not recordings), by path. */
  skipped: Array<{ path: string; reason: string }>;
  /** Why the job failed or what it did, in one line. */
  message: string | null;
}

export interface ImportRequest {
  paths: string[];
  allowPartial: boolean;
}

// ------------------------------------------------------------------------------ evidence

/** The case's own fields and its investigator (sshlens case). */
export interface CaseFieldsView {
  caseNumber: string | null;
  title: string | null;
  description: string | null;
  investigatorName: string | null;
  investigatorOrganisation: string | null;
}

export type NoteKind = 'session' | 'program' | 'command' | 'range';

/** An investigator's note, tags and star on the evidence. The note is plain text, never markup. */
export interface NoteView {
  id: string;
  kind: NoteKind;
  session: string;
  program: string | null;
  command: string | null;
  commandText: string | null;
  /** µs since the program started: where the replay jumps (a command's time, a range's start). */
  atUs: number | null;
  endUs: number | null;
  note: string;
  tags: string[];
  starred: boolean;
  author: string;
  created: string;
  updated: string;
}

export interface NoteListRequest {
  session?: string;
  tag?: string;
  starred?: boolean;
}

export type NoteTargetRequest =
  | { kind: 'session'; session: string }
  | { kind: 'program'; program: string }
  | { kind: 'command'; command: string }
  | { kind: 'range'; program: string; atUs: number; endUs: number };

export interface NewNoteRequest {
  target: NoteTargetRequest;
  note: string;
  tags: string[];
  starred: boolean;
}

/** Only what is given changes. */
export interface NoteEditRequest {
  id: string;
  note?: string;
  addTags?: string[];
  removeTags?: string[];
  starred?: boolean;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  /** The entry's details as recorded (paths and names in it are text from the user's disk). */
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditView {
  entries: AuditEntryView[];
  verified: boolean;
  firstBadSeq: number | null;
  reason: string | null;
}

export interface ReportRequest {
  /** Where to write it; the extension picks the format (.html, .pdf, .json). */
  path: string;
  /** Session ids; empty for every session (or every tagged one). */
  sessions: string[];
  tags: string[];
  transcript: boolean;
  outputLines: number;
  /** Replace an existing file. */
  force: boolean;
}

export interface ReportWritten {
  path: string;
  format: 'html' | 'pdf' | 'json';
  sha256: string;
  sessions: string[];
}

// ------------------------------------------------------------------ swim lanes (issue 14, item 2)

/** What one lane of the swim-lane timeline holds: the sessions of one user, one target or one client host. */
export type LaneBy = 'user' | 'target' | 'address';
export const LANE_BYS: readonly LaneBy[] = ['user', 'target', 'address'];

export const MAX_LANES = 200;
export const MAX_PER_LANE = 500;
export const MAX_RUNNING = 200;

/**
 * The sessions overlapping a time window, in lanes. Only the window is read (never the case): the
 * busiest `maxLanes` lanes, and at most `maxPerLane` sessions in each, the earliest first.
 */
export interface LanesRequest {
  /** The filters of the timeline; its own time bounds are ignored (the window is the axis). */
  filter: TimelineFilter;
  laneBy: LaneBy;
  fromMs: number;
  toMs: number;
  maxLanes: number;
  maxPerLane: number;
}

export interface LaneSession {
  id: string;
  startMs: number;
  /** Its start when the end is unknown (drawn as an instant). */
  endMs: number;
  endKnown: boolean;
  /** As TimelineRow's. */
  nonZeroExit: boolean;
  problem: boolean;
  /** Who or what is at the other end: the target in a user's lane, the user in a target's or address's. */
  other: string | null;
}

export interface Lane {
  /** The user, target or client host; null for sessions that have none recorded. */
  key: string | null;
  /** Sessions of this lane in the window (more than `shown` when capped). */
  sessions: number;
  shown: LaneSession[];
}

export interface LanesView {
  fromMs: number;
  toMs: number;
  laneBy: LaneBy;
  lanes: Lane[];
  /** Lanes and sessions in the window in all (more than drawn when capped). */
  lanesTotal: number;
  sessionsTotal: number;
}

/** What was running at one instant: the sessions open then, with the programs running in each. */
export interface RunningAtRequest {
  filter: TimelineFilter;
  atMs: number;
  limit: number;
}

export interface RunningProgram {
  id: string;
  type: ProgramType;
  /** The last command typed at or before the instant (an exec's own command), if any was recognised. */
  lastCommand: string | null;
}

export interface RunningSession extends TimelineRow {
  running: RunningProgram[];
}

export interface RunningAt {
  atMs: number;
  total: number;
  sessions: RunningSession[];
}

// ---------------------------------------------------------- report page estimate (issue 14, item 5)

/** What a report would hold and about how many A4 pages it prints to, asked before writing it. */
export type ReportEstimateRequest = Omit<ReportRequest, 'path' | 'force'>;

export interface ReportEstimate {
  sessions: number;
  programs: number;
  commands: number;
  /** Lines of command output it carries (outputLines per command at most). */
  outputLines: number;
  /** Printed lines of transcripts (0 when transcripts are left out). */
  transcriptLines: number;
  pages: number;
}
