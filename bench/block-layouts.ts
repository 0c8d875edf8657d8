import { KiB, Prng } from './measure';

/**
 * How the recorder cuts the plaintext stream into HPKE blocks (sizes in plaintext bytes).
 * - fixed16k / fixed64k / fixed1m: bulk flushes of one size.
 * - mixed: an interactive session as the real samples show it: half the blocks are one
 *   keystroke packet (17..40 B, with the odd 1..4-byte flush), a third are short output,
 *   a fifth are screenfuls up to 16 KiB (which carry ~90% of the bytes).
 * - keystrokes: only the small blocks of `mixed` (worst case: per-block cost dominates).
 */
export type BlockLayout = 'fixed16k' | 'fixed64k' | 'fixed1m' | 'mixed' | 'keystrokes';

export const LAYOUT_LABEL: Record<BlockLayout, string> = {
  fixed16k: '16 KiB blocks',
  fixed64k: '64 KiB blocks',
  fixed1m: '1 MiB blocks',
  mixed: 'mixed blocks (1 B..16 KiB)',
  keystrokes: 'keystroke blocks (1..40 B)',
};

export function blockSizer(layout: BlockLayout, seed: number): () => number {
  const rng = new Prng(seed);
  switch (layout) {
    case 'fixed16k':
      return () => 16 * KiB;
    case 'fixed64k':
      return () => 64 * KiB;
    case 'fixed1m':
      return () => 1024 * KiB;
    case 'keystrokes':
      return () => (rng.chance(0.1) ? rng.int(1, 4) : rng.int(17, 40));
    case 'mixed':
      return () => {
        const r = rng.int(0, 99);
        if (r < 5) return rng.int(1, 4);
        if (r < 50) return rng.int(17, 40);
        if (r < 80) return rng.int(41, 1024);
        return rng.int(1024, 16 * KiB);
      };
  }
}
