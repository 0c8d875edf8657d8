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
}

export interface SourceRef {
  path: string;
  sha256: string;
}

export interface ProgramSummary {
  id: string;
  programId: string | null;
  type: ProgramType;
  start: string | null;
  end: string | null;
  exitStatus: number | null;
  sources: SourceRef[];
  /** Stored values that could not be read (shown as unknown), each with why; absent when there are none. */
  problems?: string[];
}

export interface SessionSummary {
  id: string;
  sessionId: string | null;
  userEmail: string | null;
  username: string | null;
  targetId: string | null;
  clientAddress: string | null;
  serverAddress: string | null;
  start: string | null;
  end: string | null;
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
}

export interface KeyInfo {
  id: string;
  label: string;
  publicKey: string;
  added: string;
}
