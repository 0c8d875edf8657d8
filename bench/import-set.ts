import { join } from 'node:path';
import type { BlockLayout } from './block-layouts';
import { KiB, MiB, now } from './measure';
import { writeSyntheticCapture } from './synthetic-capture';

export interface SetFile {
  name: string;
  plaintextBytes: number;
  layout: BlockLayout;
}

export interface GeneratedSet {
  dir: string;
  files: Array<SetFile & { fileBytes: number }>;
  totalBytes: number;
  largestBytes: number;
  seconds: number;
}

/** Sizes of the smaller files for a 1 GiB set, cycled and scaled with the total. */
const SMALL_CYCLE = [48 * MiB, 16 * MiB, 4 * MiB, 1 * MiB, 256 * KiB, 64 * KiB, 16 * KiB];

/**
 * Half the bytes in one large session (named so it is imported last), the other half in many
 * smaller ones. Big files (>= 16 MiB) are bulk output in 64 KiB blocks; the rest are
 * interactive sessions in the mixed layout (many keystroke-sized blocks).
 */
export function planSet(totalBytes: number): SetFile[] {
  const scale = totalBytes / (1024 * MiB);
  const large = Math.round(totalBytes / 2);
  const files: SetFile[] = [];
  let rest = totalBytes - large;
  for (let i = 0; rest > 0; i++) {
    const want = Math.max(4 * KiB, Math.round(SMALL_CYCLE[i % SMALL_CYCLE.length]! * scale));
    const size = Math.min(want, rest);
    files.push({
      name: `session-${String(i + 1).padStart(3, '0')}.capture`,
      plaintextBytes: size,
      layout: layoutFor(size),
    });
    rest -= size;
  }
  files.push({ name: 'session-zz-large.capture', plaintextBytes: large, layout: layoutFor(large) });
  return files;
}

function layoutFor(size: number): BlockLayout {
  return size >= 16 * MiB ? 'fixed64k' : 'mixed';
}

/** The session seed of the set's i-th file (the anchors replay its packets). */
export function setFileSeed(index: number): number {
  return 1000 + index;
}

export async function generateSet(
  dir: string,
  plan: readonly SetFile[],
  publicKey: Uint8Array,
  onFile?: (done: number) => void,
): Promise<GeneratedSet> {
  const t0 = now();
  const files: GeneratedSet['files'] = [];
  for (const [i, f] of plan.entries()) {
    const info = await writeSyntheticCapture(join(dir, f.name), {
      publicKey,
      plaintextBytes: f.plaintextBytes,
      layout: f.layout,
      seed: setFileSeed(i),
    });
    files.push({ ...f, fileBytes: info.fileBytes });
    onFile?.(i + 1);
  }
  return {
    dir,
    files,
    totalBytes: files.reduce((n, f) => n + f.fileBytes, 0),
    largestBytes: Math.max(...files.map((f) => f.fileBytes)),
    seconds: now() - t0,
  };
}
