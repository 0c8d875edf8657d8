import type {
  ExtractedCommand,
  ExtractedMark,
  ExtractionResult,
  OutputSegment,
} from '../../src/main/extraction/extraction-types';
import type { CaseDb } from '../../src/main/store/open-case';

/** A command as the shell extractor reports one, with every field a test does not care about filled in plausibly. */
export function shellCommand(
  text: string,
  output: string,
  atUs: number,
  more: Partial<ExtractedCommand> = {},
): ExtractedCommand {
  const start = Math.round(atUs / 1000) * 7;
  return {
    atUs,
    text,
    kind: 'shell',
    method: 'screen',
    guess: null,
    prompt: 'kai@web-01:~$ ',
    cwd: '~',
    user: 'kai',
    host: 'web-01',
    programName: null,
    parentIndex: null,
    output,
    outputStartUs: atUs + 1_000,
    outputEndUs: atUs + 50_000,
    outputStartOffset: start,
    outputEndOffset: start + Buffer.byteLength(output),
    exitStatus: null,
    ...more,
  };
}

export function strayOutput(text: string, startUs: number, startOffset = 0): OutputSegment {
  return { startUs, endUs: startUs + 10_000, startOffset, endOffset: startOffset + Buffer.byteLength(text), text };
}

export function result(
  commands: ExtractedCommand[],
  stray: OutputSegment[] = [],
  marks: ExtractedMark[] = [],
): ExtractionResult {
  return { commands, marks, strayOutput: stray };
}

export interface SessionSpec {
  userEmail?: string | null;
  username?: string | null;
  targetId?: string | null;
  clientAddress?: string | null;
  serverAddress?: string | null;
  startedAtUs: number | null;
  type?: string;
}

/** Inserts a session with one program (as an import would), returning the program row. */
export function addProgram(db: CaseDb, spec: SessionSpec): number {
  const session = Number(
    db
      .prepare(
        `INSERT INTO sessions (user_email, username, target_id, client_address, server_address, started_at_us) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        spec.userEmail ?? null,
        spec.username ?? null,
        spec.targetId ?? null,
        spec.clientAddress ?? null,
        spec.serverAddress ?? null,
        spec.startedAtUs,
      ).lastInsertRowid,
  );
  return Number(
    db
      .prepare(
        `INSERT INTO programs (session_id, type, started_at_us, finished_at_us, term_cols, term_rows) VALUES (?, ?, ?, ?, 80, 24)`,
      )
      .run(
        session,
        spec.type ?? 'shell',
        spec.startedAtUs,
        spec.startedAtUs === null ? null : spec.startedAtUs + 3_600_000_000,
      ).lastInsertRowid,
  );
}
