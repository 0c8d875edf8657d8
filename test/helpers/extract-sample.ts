import { join } from 'node:path';
import { extractCommands } from '../../src/main/extraction/extract-commands';
import type { ExtractionResult } from '../../src/main/extraction/extraction-types';
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
