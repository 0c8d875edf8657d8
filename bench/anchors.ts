import { spawnSync } from 'node:child_process';
import xtermHeadless from '@xterm/headless';
import { collectGarbage, now } from './measure';

/**
 * Limits measured in the same run, next to what sshlens does with the same work: OpenSSL's own
 * ChaCha20-Poly1305 speed (the decrypt limit) and a bare xterm.js pass over the same terminal
 * output (the extraction limit). The I/O limit, a sequential read with SHA-256 of the same files,
 * is the import part's hash baseline (import-bench.ts).
 */

export type OpensslSpeed = { ok: true; mbps: number; blockBytes: number } | { ok: false; why: string };

/**
 * `openssl speed -evp chacha20-poly1305` for one block size (16 KiB, else 8 KiB, the sizes sshlens
 * decrypts most), single-threaded, in MB/s. OpenSSL prints thousands of bytes per second.
 */
export function opensslSpeed(seconds: number): OpensslSpeed {
  for (const blockBytes of [16384, 8192]) {
    const r = spawnSync(
      'openssl',
      ['speed', '-evp', 'chacha20-poly1305', '-seconds', String(seconds), '-bytes', String(blockBytes)],
      { encoding: 'utf8', timeout: (seconds + 30) * 1000 },
    );
    if (r.error) return { ok: false, why: `openssl could not run (${r.error.message})` };
    const line = r.stdout.split('\n').find((l) => /^chacha20-poly1305\s/i.test(l));
    const k = line ? /([\d.]+)k\s*$/.exec(line) : null;
    if (r.status === 0 && k) return { ok: true, mbps: (Number(k[1]) * 1000) / 1e6, blockBytes };
  }
  return { ok: false, why: 'openssl speed printed no ChaCha20-Poly1305 figure for 16 or 8 KiB' };
}

/** Median seconds of `rounds` bare xterm.js passes (120x40, scrollback 1000) over these output chunks. */
export async function bareXtermSeconds(chunks: readonly Uint8Array[], rounds: number): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    collectGarbage();
    const t0 = now();
    const term = new xtermHeadless.Terminal({ cols: 120, rows: 40, scrollback: 1000, allowProposedApi: true });
    for (const c of chunks) term.write(c);
    await new Promise<void>((resolve) => term.write('', resolve));
    term.dispose();
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
