import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractCommands } from '../../src/main/extraction/extract-commands';
import type { ExtractionResult } from '../../src/main/extraction/extraction-types';
import { AsciicastStream } from '../../src/main/formats/asciicast/asciicast-stream';
import type { TerminalEvent } from '../../src/main/formats/recording';
import { importFile } from '../../src/main/ingest/import-file';
import { getProgram, listSessions, readEvents } from '../../src/main/store/case-queries';
import { openCase } from '../../src/main/store/open-case';
import { derivePublicKey, fingerprint } from '../../src/main/crypto/x25519-keys';
import { samplePrivateKey, tempDir } from './fixtures';

/** Imports one recording into a fresh case and runs extraction on its (first) program. */
export async function extractFromFile(path: string): Promise<{ result: ExtractionResult; startUs: number }> {
  const dir = tempDir();
  const db = openCase(join(dir.path, 'case.sqlite'));
  try {
    const key = samplePrivateKey();
    const outcome = await importFile(db, path, {
      keys: async () => [{ fingerprint: fingerprint(derivePublicKey(key)), privateKey: key }],
    });
    if (outcome.status !== 'imported') throw new Error(`import failed: ${outcome.error}`);
    const programId = Number(listSessions(db)[0]!.programs[0]!.id.slice(1));
    const program = getProgram(db, programId)!;
    const result = await extractCommands({
      type: program.type,
      command: program.command,
      terminal: program.terminal,
      exitStatus: program.exitStatus,
      events: [...readEvents(db, programId)],
    });
    return { result, startUs: Date.parse(program.start!) * 1000 };
  } finally {
    db.close();
    dir.cleanup();
  }
}

/**
 * Runs extraction on an asciicast's events as the parser reads them, each passed through
 * `change` first (a recording as another recorder would have kept it: without bracketed paste,
 * without resize events).
 */
export async function extractFromCast(
  path: string,
  change: (ev: TerminalEvent) => TerminalEvent | null,
): Promise<ExtractionResult> {
  const cast = readCastEvents(path);
  const events = cast.events.flatMap((ev) => change(ev) ?? []);
  return extractCommands({
    type: 'shell',
    command: null,
    terminal: { term: cast.term, cols: cast.cols, rows: cast.rows, modes: [] },
    exitStatus: null,
    events,
  });
}

/** An asciicast's events as the import's parser reads them, and its terminal. */
export function readCastEvents(path: string): {
  events: TerminalEvent[];
  term: string | null;
  cols: number;
  rows: number;
} {
  const stream = new AsciicastStream();
  const events: TerminalEvent[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const ev = stream.line(text, i + 1);
      if (ev !== null) events.push(ev);
    });
  const { term, cols, rows } = stream.header!;
  return { events, term, cols, rows };
}
