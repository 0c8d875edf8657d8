import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One shipped recording: a real bash session recorded with `script --log-io` under tmux. */
export interface DemoRecording {
  name: string;
  castPath: string;
  /** `script --log-timing` log of the same session (its EXIT_CODE header), when shipped. */
  timingLogPath: string | null;
}

export interface DemoSources {
  recordings: DemoRecording[];
  /** Real sample exports imported as they are. */
  samples: string[];
  /** The samples' private key file. */
  sampleKey: string;
}

/** The demo cannot be built: its recordings are missing or unreadable, or its captures cannot be written. */
export class DemoBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoBuildError';
  }
}

/**
 * The samples ship each of their three sessions in every form an investigator receives: a
 * capture (for the sample key), an asciicast, an official ZIP and Logpush records. All of them
 * are imported: sshlens joins the forms of one session into one record.
 */
const SAMPLE_FILES = [
  'logpush.ndjson.gz',
  ...['sample-shell', 'sample-editing', 'sample-exec'].flatMap((s) => [
    `${s}.capture`,
    `${s}.cast`,
    `${s}.decrypted.zip`,
  ]),
];
/** The samples' own key (sample data only): opens their captures, held in memory like the demo key. */
export const SAMPLE_KEY_FILE = 'sample.key';

/**
 * The repository's test/fixtures: found upward from this module, so it works from src/ (tests)
 * and from the bundles in out/ alike.
 */
export function findFixturesDir(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'test', 'fixtures');
    const parent = dirname(dir);
    if (parent === dir)
      throw new DemoBuildError(
        'the demo recordings ship with a checkout of sshlens (test/fixtures), and none was found here',
      );
    dir = parent;
  }
}

/** The recordings (by name) and sample files the demo is built from; refuses a folder without them. */
export async function listDemoSources(sourcesDir: string): Promise<DemoSources> {
  const recordingsDir = join(sourcesDir, 'recordings');
  const samplesDir = join(sourcesDir, 'samples');
  let names: string[];
  try {
    names = (await readdir(recordingsDir)).filter((f) => f.endsWith('.cast')).map((f) => f.slice(0, -'.cast'.length));
  } catch {
    throw new DemoBuildError(`the demo recordings are missing: no folder ${recordingsDir}`);
  }
  if (names.length === 0)
    throw new DemoBuildError(`the demo recordings are missing: no .cast file in ${recordingsDir}`);
  const samples = SAMPLE_FILES.map((f) => join(samplesDir, f));
  const sampleKey = join(samplesDir, SAMPLE_KEY_FILE);
  const missing = [...samples, sampleKey].find((p) => !existsSync(p));
  if (missing) throw new DemoBuildError(`a demo sample is missing: ${missing}`);
  return {
    recordings: names.sort().map((name) => {
      const timing = join(recordingsDir, 'raw', name, 'timing.log');
      return { name, castPath: join(recordingsDir, `${name}.cast`), timingLogPath: existsSync(timing) ? timing : null };
    }),
    samples,
    sampleKey,
  };
}
