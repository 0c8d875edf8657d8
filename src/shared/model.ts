// Domain types shared by main, preload and renderer. Times are ISO 8601 UTC strings at every
// boundary; microseconds since the epoch inside the engine.

export type ProgramType = 'shell' | 'exec' | 'x11' | 'direct-tcpip' | 'forwarded-tcpip' | 'unknown';
export const PROGRAM_TYPES: readonly ProgramType[] = [
  'shell',
  'exec',
  'x11',
  'direct-tcpip',
  'forwarded-tcpip',
  'unknown',
];

export type SourceFormat = 'capture' | 'logpush' | 'asciicast' | 'official-zip';

export type ImportStatus = 'imported' | 'duplicate' | 'partial' | 'rejected';

/** Where in an input file something went wrong. */
export interface InputPlace {
  offset?: number;
  line?: number;
  block?: number;
  entry?: string;
}

export interface ImportLineIssue {
  line: number;
  message: string;
}

export interface ImportOutcome {
  path: string;
  sha256: string | null;
  format: SourceFormat | null;
  status: ImportStatus;
  sessions: number;
  programs: number;
  error?: string;
  place?: InputPlace;
  /** Key that opened an encrypted capture, by fingerprint (never the key). */
  keyFingerprint?: string;
  partialReason?: string;
  warnings?: string[];
  rejectedLines?: ImportLineIssue[];
  /** Programs of this file found to be recordings the case already held: joined to them. */
  links?: ImportLink[];
  /** Where this file disagrees with what the case holds (kept as evidence, never merged). */
  conflicts?: ConflictInfo[];
}

/**
 * How a source relates to the program it was joined to:
 * same (the same recording), part (a part of it), extends (adds output the program lacked),
 * replaces (a better recording of all of it: its events are now the program's), keystrokes (adds
 * the keystrokes the program lacked), conflict (disagrees: kept apart as a variant).
 */
export type LinkRelation = 'same' | 'part' | 'extends' | 'replaces' | 'keystrokes' | 'conflict';

export interface ImportLink {
  /** The program and session the file's recording joined. */
  program: string;
  session: string;
  relation: LinkRelation;
  /** Sessions that were one with this one and are now merged into it. */
  mergedSessions: string[];
  /** How it was found: by recorded content, by the Cloudflare program id the case held already, or by hand. */
  linkedBy: 'content' | 'cloudflare-id' | 'manual';
}

/** Two sources of one program (or session) state different things. */
export interface ConflictInfo {
  session: string;
  program: string | null;
  /** The disagreeing source (SHA-256), null when an investigator joined two records. */
  source: string | null;
  /** The program holding the disagreeing recording, when its recorded bytes differ. */
  variant: string | null;
  /** 'output', 'input', or the fact: exit_status, user_email, command, ... */
  field: string;
  at: string | null;
  stored: string | null;
  found: string | null;
}

export interface SourceRef {
  path: string;
  sha256: string;
}

export interface ProgramSummary {
  id: string;
  /** Cloudflare's ProgramID (Logpush), when a source gave one; `id` is sshlens's own (p3). */
  cfProgramId: string | null;
  type: ProgramType;
  start: string | null;
  end: string | null;
  exitStatus: number | null;
  sources: SourceRef[];
  /** Stored values that could not be read (shown as unknown), each with why; absent when there are none. */
  problems?: string[];
}

/** Who, to where, and when: a session as every list shows it (times ISO 8601 UTC). */
export interface SessionWhoWhen {
  userEmail: string | null;
  username: string | null;
  targetId: string | null;
  clientAddress: string | null;
  serverAddress: string | null;
  start: string | null;
  end: string | null;
}

export interface SessionSummary extends SessionWhoWhen {
  id: string;
  /** Cloudflare's SessionID (Logpush), when a source gave one; `id` is sshlens's own (s12). */
  cfSessionId: string | null;
  error: string | null;
  programs: ProgramSummary[];
  /** Stored values that could not be read (shown as unknown), each with why; absent when there are none. */
  problems?: string[];
}

export interface TerminalInfo {
  term: string | null;
  cols: number;
  rows: number;
  modes: Array<[string, number]>;
}

export interface ProgramDetail extends ProgramSummary {
  session: string;
  command: string | null;
  incomplete: boolean;
  partialReason: string | null;
  terminal: TerminalInfo | null;
  exitSignal: string | null;
  coreDumped: boolean | null;
  exitError: string | null;
  eventCount: number;
  inputBytes: number;
  outputBytes: number;
  durationMs: number | null;
  /** What each source states about the exit, present only when they disagree (the exit above is the one kept). */
  exitClaims?: ExitClaim[];
}

/** What one source of a program states about its exit. */
export interface ExitClaim {
  /** Null: the exit the program kept, when no source known here states it (imported by an older sshlens). */
  source: (SourceRef & { format: SourceFormat }) | null;
  /** False when the case does not record what this source states (imported by an older sshlens). */
  known: boolean;
  /** All three null: the source states no exit. */
  status: number | null;
  signal: string | null;
  error: string | null;
}

export interface KeyInfo {
  id: string;
  label: string;
  publicKey: string;
  added: string;
}
