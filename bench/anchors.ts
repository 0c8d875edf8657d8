import { spawnSync } from 'node:child_process';
import xtermHeadless from '@xterm/headless';
import type { SetFile } from './import-set';
import { setFileSeed } from './import-set';
import { collectGarbage, MiB, now } from './measure';
import { capturePackets } from './synthetic-capture';

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

export interface BareXtermPass {
  /** Terminal output bytes written (the captures' plaintext output, without framing or input). */
  outputBytes: number;
  /** CPU seconds of this thread while xterm.js parsed them (the packets are made outside it). */
  cpuSeconds: number;
}

/**
 * The extraction limit on the import's own work: a bare xterm.js pass (120x40 like the captures,
 * scrollback 1000) over the terminal output of every file of the import set, a fresh terminal per
 * file, in 4 MiB writes, up to `maxOutputBytes` (the files are all made by one generator, and
 * making the packets again costs more than parsing them). Timed in CPU seconds, as the import is,
 * so a loaded machine flatters neither side.
 */
export async function bareXtermOverSet(files: readonly SetFile[], maxOutputBytes = 64 * MiB): Promise<BareXtermPass> {
  let outputBytes = 0;
  let cpuMicros = 0;
  const write = async (term: InstanceType<typeof xtermHeadless.Terminal>, parts: Uint8Array[]): Promise<void> => {
    const data = Buffer.concat(parts);
    const before = process.cpuUsage();
    await new Promise<void>((resolve) => term.write(data, resolve));
    const used = process.cpuUsage(before);
    cpuMicros += used.user + used.system;
    outputBytes += data.length;
  };
  for (const [i, f] of files.entries()) {
    if (outputBytes >= maxOutputBytes) break;
    const term = new xtermHeadless.Terminal({ cols: 120, rows: 40, scrollback: 1000, allowProposedApi: true });
    let parts: Uint8Array[] = [];
    let pending = 0;
    for (const p of capturePackets({ plaintextBytes: f.plaintextBytes, seed: setFileSeed(i) })) {
      if (p.source !== 1) continue;
      parts.push(p.data);
      pending += p.data.length;
      if (pending >= 4 * MiB || outputBytes + pending >= maxOutputBytes) {
        await write(term, parts);
        parts = [];
        pending = 0;
        if (outputBytes >= maxOutputBytes) break;
      }
    }
    if (pending > 0) await write(term, parts);
    term.dispose();
  }
  return { outputBytes, cpuSeconds: cpuMicros / 1e6 };
}
