import { availableParallelism } from 'node:os';
import type { BareXtermPass, OpensslSpeed } from './anchors';
import type { DecryptResult } from './decrypt-bench';
import type { HashResult } from './import-bench';
import type { ImportChildReport } from './import-child';
import type { GeneratedSet } from './import-set';
import type { LogpushFile } from './logpush-file';
import { MiB, mbPerSecond, type Rate } from './measure';
import { bytesLabel, mb, percent, print, rate, row, seconds, target } from './report';

const DECRYPT_SHARE = 0.5;
const RSS_LIMIT = 300e6;

export function printOpenssl(o: OpensslSpeed): void {
  print(
    o.ok
      ? row(
          `anchor: openssl speed -evp chacha20-poly1305 (${o.blockBytes / 1024} KiB)`,
          rate(o.mbps),
          'one thread, the decrypt limit',
        )
      : row('anchor: openssl speed', `NOT MEASURED: ${o.why}`),
  );
}

export function printDecrypt(r: DecryptResult, openssl: OpensslSpeed): void {
  const avg = Math.round(r.plaintextBytes / r.blocks);
  print(
    `decrypt  ${r.label}: ${bytesLabel(r.plaintextBytes)} plaintext, ${r.blocks} blocks (avg ${avg} B), ${r.packets} packets`,
  );
  const raw = r.raw.mbps;
  const figures = (x: Rate, share: string): string[] => [
    rate(x.mbps),
    share.padStart(11),
    `${Math.round((x.mbps * 1e6) / avg / 1000)}k blocks/s`.padStart(14),
    spread(x).padEnd(15),
  ];
  const versus = (x: Rate): string => `${percent(x.mbps, raw)} of raw`;
  const goal = (x: Rate): string => target(`≥${DECRYPT_SHARE * 100}% of raw`, x.mbps >= DECRYPT_SHARE * raw);
  print(row('raw ChaCha20-Poly1305 (node:crypto, OpenSSL)', ...figures(r.raw, 'baseline')));
  print(row('HPKE open, node AEAD (createReceiver)', ...figures(r.node, versus(r.node)), goal(r.node)));
  if (r.library)
    print(
      row(
        `HPKE open, library AEAD (pure JS; ${bytesLabel(r.library.bytesPerPass)})`,
        ...figures(r.library, versus(r.library)),
      ),
    );
  print(row('readCapture: frame + open + packets (node)', ...figures(r.reader, versus(r.reader)), goal(r.reader)));
  if (openssl.ok)
    print(
      row(
        '  against openssl speed (same machine, same run)',
        `HPKE open ${percent(r.node.mbps, openssl.mbps).trim()}, readCapture ${percent(r.reader.mbps, openssl.mbps).trim()} (${(r.reader.mbps / openssl.mbps).toFixed(2)}x)`,
      ),
    );
}

/** Range of the round figures, to show how steady the machine was. */
function spread(x: Rate): string {
  return `[${x.minMbps.toFixed(x.minMbps >= 100 ? 0 : 1)}..${x.maxMbps.toFixed(x.maxMbps >= 100 ? 0 : 1)}]`;
}

export function printImport(
  set: GeneratedSet,
  hash: HashResult,
  child: ImportChildReport,
  anchors: { bare: BareXtermPass; openssl: OpensslSpeed | null },
): void {
  const total = child.planSeconds + child.importSeconds;
  const importMbps = mbPerSecond(child.bytes, total);
  const hashMbps = mbPerSecond(hash.bytes, hash.seconds);
  print(
    `import   ${bytesLabel(child.bytes)} in ${child.files} synthetic captures (largest ${bytesLabel(set.largestBytes)}, imported last) into a new SQLite case, in a child process`,
  );
  print(row('generating the set (excluded from figures)', seconds(set.seconds)));
  print(row('sha256 of the same files (I/O baseline)', rate(hashMbps), seconds(hash.seconds), 'baseline'));
  print(
    row(
      'import: planImport + importPlan',
      rate(importMbps),
      `${(child.files / total).toFixed(1)} files/s`,
      seconds(total),
      `${percent(importMbps, hashMbps)} of hash speed`,
    ),
  );
  const big = child.perFile.reduce((a, b) => (b.size > a.size ? b : a));
  const small = child.perFile.filter((f) => f !== big);
  const smallBytes = small.reduce((n, f) => n + f.size, 0);
  const smallSeconds = small.reduce((n, f) => n + f.seconds, 0);
  const mixed = set.files.filter((f) => f.layout === 'mixed').length;
  const smallLabel = `  ${small.length} other files (${mixed} mixed, ${small.length - mixed} 64 KiB blocks)`;
  print(row(smallLabel, rate(mbPerSecond(smallBytes, smallSeconds)), seconds(smallSeconds)));
  print(
    row(
      `  largest file (${bytesLabel(big.size)}, 64 KiB blocks)`,
      rate(mbPerSecond(big.size, big.seconds)),
      seconds(big.seconds),
    ),
  );
  print(row('closing the case', seconds(child.closeSeconds), `case file ${mb(child.caseBytes)}`));
  // Issue 13's goals: ≥ 20 MB/s per core with every core busy, a case ≤ 1.5x its input.
  const cores = availableParallelism();
  const busy = child.cpuSeconds / child.importSeconds;
  const perCore = importMbps / cores;
  print(
    row(
      `import per core (${cores} cores, ${busy.toFixed(1)} busy)`,
      rate(perCore),
      target('≥ 20 MB/s per core', perCore >= 20),
      `(${(perCore / 20).toFixed(2)}x the goal; ${percent(perCore, hashMbps)} of hash speed)`,
    ),
  );
  // The same throughput per CPU-second (every thread of the import process), beside the limits of
  // its parts on one thread: what a core does with the work, whatever the load of the machine.
  const perCpu = mbPerSecond(child.bytes, child.cpuSeconds);
  const bareMbps = mbPerSecond(anchors.bare.outputBytes, anchors.bare.cpuSeconds);
  print(row('import per CPU-second (all threads)', rate(perCpu), `${child.cpuSeconds.toFixed(1)} s of CPU`));
  print(
    row(
      "  anchor: bare @xterm/headless pass, the set's output",
      rate(bareMbps),
      `per CPU-second, ${bytesLabel(anchors.bare.outputBytes)}`,
      `(import: ${percent(perCpu, bareMbps)} of it)`,
    ),
  );
  print(
    row(
      '  anchor: sha256 read of the same files',
      rate(hashMbps),
      'one thread',
      `(import: ${percent(perCpu, hashMbps)} of it)`,
    ),
  );
  const o = anchors.openssl;
  print(
    o?.ok
      ? row(
          '  anchor: openssl chacha20-poly1305',
          rate(o.mbps),
          'one thread',
          `(import: ${percent(perCpu, o.mbps)} of it)`,
        )
      : row(
          '  anchor: openssl chacha20-poly1305',
          o ? `NOT MEASURED: ${o.why}` : 'not measured in this run (the decrypt part measures it)',
        ),
  );
  const ratio = child.caseBytes / child.bytes;
  print(row('case size / input', `${ratio.toFixed(2)}x`, target('≤ 1.5x', ratio <= 1.5)));
  print(row('  largest parts (dbstat)', child.caseParts.map((p) => `${p.name} ${mb(p.bytes)}`).join(', ')));

  const peak = child.peakRss;
  print(
    row(
      `peak RSS of the import process (${child.peakRssSource})`,
      mb(peak).padStart(7) + '   ',
      target('<300 MB', peak < RSS_LIMIT),
    ),
  );
  const bigIndex = child.perFile.indexOf(big);
  const before = bigIndex > 0 ? child.perFile[bigIndex - 1]!.peakRss : child.startPeakRss;
  const grew = big.peakRss - before;
  const verdict =
    big.size < 256 * MiB
      ? 'largest file too small to tell: run without --quick'
      : grew < 32e6
        ? 'does not depend on the largest file'
        : 'GROWS with the largest file';
  print(
    row(
      '  peak before / after the largest file',
      `${mb(before)} / ${mb(big.peakRss)}`,
      `(+${mb(grew)} for ${bytesLabel(big.size)}: ${verdict})`,
    ),
  );
  print(row('  peak RSS right after opening the case', mb(child.startPeakRss)));
  if (child.peakRssSource === 'VmHWM') {
    print(
      row(
        '  (getrusage maxRSS, for the record)',
        `${mb(child.maxRss)}: on Linux it includes this bench's RSS at fork time`,
      ),
    );
  }
  const s = child.sampled;
  print(
    row(
      '  sampled peaks (50 ms)',
      `heap ${mb(s.heapUsed)}, external ${mb(s.external)}, array buffers ${mb(s.arrayBuffers)}`,
    ),
  );
  const failed = child.perFile.filter((f) => f.status !== 'imported');
  for (const f of failed) print(row(`  NOT IMPORTED ${f.name}`, f.status, f.error ?? ''));
  if (failed.length === 0) print(row(`  all ${child.files} files imported`, `(${Math.round(child.bytes / MiB)} MiB)`));
}

/**
 * Issue 13's memory goal on the input that made it grow with the file: one Logpush file of many
 * short sessions, whose programs may each receive another record until the file ends. Beside it,
 * the same process's peak right after opening the case (what no import can go below).
 */
export function printLogpush(file: LogpushFile, child: ImportChildReport): void {
  const total = child.planSeconds + child.importSeconds;
  const status = child.perFile[0]?.status ?? 'missing';
  print(
    `logpush  one Logpush file of ${file.sessions} sessions (${bytesLabel(file.bytes)}, one shell program each) into a new SQLite case, in a child process`,
  );
  print(row('generating the file (excluded from figures)', seconds(file.seconds)));
  print(
    row(
      'import: planImport + importPlan',
      seconds(total),
      `${Math.round(file.sessions / total)} sessions/s, ${rate(mbPerSecond(file.bytes, total))}, ${status}`,
    ),
  );
  // The per-core import goal (>= 20 MB per CPU-second) on this input: CPU of every thread.
  const perCpu = mbPerSecond(file.bytes, child.cpuSeconds);
  print(
    row(
      'import per CPU-second (all threads)',
      rate(perCpu),
      `${child.cpuSeconds.toFixed(1)} s of CPU`,
      target('≥ 20 MB/s per core', perCpu >= 20),
    ),
  );
  print(
    row(
      `peak RSS of the import process (${child.peakRssSource})`,
      mb(child.peakRss).padStart(7) + '   ',
      target('<300 MB', child.peakRss < RSS_LIMIT),
    ),
  );
  print(row('  peak RSS right after opening the case', mb(child.startPeakRss), 'baseline'));
  const s = child.sampled;
  print(
    row(
      '  sampled peaks (50 ms, this thread)',
      `heap ${mb(s.heapUsed)}, external ${mb(s.external)}, array buffers ${mb(s.arrayBuffers)}`,
    ),
  );
}
