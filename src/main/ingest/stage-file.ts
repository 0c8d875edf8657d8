import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { SourceFormat } from '../../shared/model';
import type { CaptureKey } from '../crypto/capture-key';
import { InputError } from '../formats/input-error';
import { indexPrograms } from '../indexing/index-programs';
import { RecordingWriter } from '../store/recording-writer';
import type { SourceFile } from '../store/source-rows';
import type { CaseDb } from '../store/open-case';
import { beginStaging, commitStaging, insertStagedSource, openStagingCase } from '../store/staging-case';
import { detectFileFormat, fileChunks, sha256File } from './file-source';
import type { ReaderReport } from './reader-report';
import { readAsciicast } from './readers/read-asciicast';
import { readCapture } from './readers/read-capture';
import { readLogpush } from './readers/read-logpush';
import { readOfficialZip } from './readers/read-official-zip';

export interface StageOptions {
  /** Keys to try on encrypted captures; called only when a capture needs them. */
  keys: () => Promise<readonly CaptureKey[]>;
  allowPartial?: boolean;
  /** Raw bytes of this file read so far (for progress bars). */
  onBytes?: (n: number) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/** One file read into a staging case, ready to join the case. */
export interface StagedFile extends SourceFile {
  stagingPath: string;
  report: ReaderReport;
  /** Programs extraction failed on in the staging case (indexed again, or not, when they join). */
  indexFailures: Array<{ program: string; message: string }>;
}

/**
 * Reads one file into a staging case of its own (store/staging-case.ts): format detection, the
 * reader (decryption, parsing, limits), the event store, and command extraction with replay
 * snapshots, in one read of the file that also hashes it. Holds no lock on the case: several
 * files are staged at once, on every core, while the case is written one file at a time.
 * Throws InputError (with the place) for a file that cannot be imported.
 */
export async function stageFile(path: string, stagingPath: string, options: StageOptions): Promise<StagedFile> {
  const size = (await stat(path)).size;
  const detection = await detectFileFormat(path);
  if (detection.format === null) throw new InputError('UNKNOWN_FORMAT', detection.why, {});
  const format = detection.format;
  const staging = openEmptyStaging(stagingPath);
  try {
    // One transaction for the whole file (see beginStaging); the staging case is thrown away on failure.
    beginStaging(staging);
    const nowUs = (): number => Math.trunc((options.now?.() ?? Date.now()) * 1000);
    const sourceId = insertStagedSource(staging, { path, size, format, importedAtUs: nowUs() });
    const writer = new RecordingWriter(staging, sourceId, nowUs);
    const hash = createHash('sha256');
    let hashed = 0;
    const report = await runReader(format, path, detection.gzip, writer, options, (chunk) => {
      hash.update(chunk);
      hashed += chunk.length;
    });
    const written = writer.finish();
    if (written.programs === 0) {
      const why =
        report.rejectedLines.length > 0
          ? `every record was rejected (first: line ${report.rejectedLines[0]!.line}: ${report.rejectedLines[0]!.message})`
          : 'it holds no session';
      throw new InputError(
        format === 'logpush' ? 'LOGPUSH_INVALID' : 'UNKNOWN_FORMAT',
        `nothing to import: ${why}`,
        {},
      );
    }
    if (report.partialReason) writer.markPartial(report.partialReason);
    options.signal?.throwIfAborted();
    const indexed = await indexPrograms(staging, written.changed, options.signal);
    options.signal?.throwIfAborted();
    commitStaging(staging);
    // A ZIP is read by its directory, not front to back, and a reader may stop before the end:
    // those are hashed on their own.
    const sha256 = format !== 'official-zip' && hashed === size ? hash.digest('hex') : await sha256File(path);
    return { path, size, sha256, format, stagingPath, report, indexFailures: indexed.failures };
  } finally {
    staging.close();
  }
}

/**
 * An empty staging case, as this thread first made it: later files start from a copy of its bytes
 * rather than running every migration again (~35 ms of CPU a file, 1.8 s of the bench's 51 files).
 */
let emptyStaging: Buffer | null = null;

function openEmptyStaging(path: string): CaseDb {
  if (emptyStaging !== null) writeFileSync(path, emptyStaging, { flag: 'wx' });
  const staging = openStagingCase(path);
  emptyStaging ??= staging.serialize();
  return staging;
}

async function runReader(
  format: SourceFormat,
  path: string,
  gzip: boolean,
  writer: RecordingWriter,
  options: StageOptions,
  onRaw: (chunk: Uint8Array) => void,
): Promise<ReaderReport> {
  const chunks = (): AsyncGenerator<Uint8Array> => fileChunks(path, gzip, options.onBytes, options.signal, onRaw);
  switch (format) {
    case 'capture':
      // The keys are asked for at block 0: a damaged header is reported as such, even without a keychain.
      return readCapture(chunks(), options.keys, writer, { allowPartial: options.allowPartial ?? false });
    case 'logpush':
      return readLogpush(chunks(), writer);
    case 'asciicast':
      return readAsciicast(chunks(), writer);
    case 'official-zip':
      return readOfficialZip(path, writer, options.signal);
  }
}
