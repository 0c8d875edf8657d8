import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

// Finding 8: during `sshlens report -o r.pdf` Chromium resolved accounts.google.com and made 45
// internet connections, and ran with --no-sandbox. Proved here with the real Chromium, two ways:
// printed in a network namespace with no network at all, and traced (strace) system call by system
// call: no TCP socket, no DNS query, no datagram leaves.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'sshlens.mjs');
const CHROMIUM = process.env['SSHLENS_CHROMIUM'] ?? '/usr/bin/chromium';
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const isRoot = process.getuid?.() === 0;
const missing = [
  !existsSync(CHROMIUM) && `Chromium (${CHROMIUM})`,
  !has('strace') && 'strace',
  !has('unshare') && 'unshare',
  !isRoot && 'root (for a network namespace)',
].filter(Boolean);
if (missing.length > 0) console.warn(`pdf-offline tests skipped: they need ${missing.join(', ')}`);

const dir = tempDir('sshlens-pdf-offline-');
const casePath = join(dir.path, 'case.sqlite');

/** Every network system call of a command and its children (strace -f), as lines "pid syscall(...)". */
function traced(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; lines: string[] } {
  const log = join(dir.path, `strace-${Date.now()}.log`);
  const r = spawnSync('strace', ['-f', '-qq', '-s', '256', '-e', 'trace=%network,execve,close', '-o', log, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) console.error(r.stderr);
  return { status: r.status, lines: readFileSync(log, 'utf8').split('\n') };
}

/**
 * What the trace shows of the internet: TCP sockets opened, datagrams sent, and connect() calls on
 * internet sockets, per process and file descriptor (fds are reused: close forgets them).
 */
function internetUse(lines: string[]): { streamSockets: string[]; sends: string[]; connects: string[] } {
  const inet = new Map<string, Set<string>>();
  const out = { streamSockets: [] as string[], sends: [] as string[], connects: [] as string[] };
  for (const line of lines) {
    const m = /^(\d+)\s+(\w+)\((\d+)?/.exec(line);
    if (!m) continue;
    const [, pid, call, fd] = m;
    const fds = inet.get(pid!) ?? new Set<string>();
    inet.set(pid!, fds);
    const opened = /^\d+\s+socket\(AF_INET6?, (SOCK_\w+)[^)]*\)\s+=\s+(\d+)/.exec(line);
    if (opened) {
      fds.add(opened[2]!);
      if (opened[1]!.startsWith('SOCK_STREAM')) out.streamSockets.push(line);
    } else if (call === 'close' && fd !== undefined) fds.delete(fd);
    else if (call === 'connect' && /sa_family=AF_INET6?\b/.test(line)) out.connects.push(line);
    else if (/^(sendto|sendmsg|sendmmsg)$/.test(call!) && fd !== undefined && (fds.has(fd) || /AF_INET/.test(line)))
      out.sends.push(line);
  }
  return out;
}

/** The command lines Chromium was started with. */
function chromiumLaunches(lines: string[]): string[] {
  return lines.filter((l) => /execve\("[^"]*chrom[^"]*"/.test(l) && !/ = -1 /.test(l));
}

describe.skipIf(missing.length > 0)('PDF reports are printed offline', () => {
  beforeAll(() => {
    const r = sshlens([
      '--case',
      casePath,
      'import',
      sample('sample-shell.capture'),
      sample('logpush.ndjson.gz'),
      '--key-file',
      SAMPLE_KEY,
    ]);
    expect(r.status, r.stderr).toBe(0);
  });
  afterAll(() => dir.cleanup());

  it('writes the PDF with the network unreachable (a fresh network namespace: no interface, no route)', () => {
    const out = join(dir.path, 'netns.pdf');
    const r = spawnSync('unshare', ['-n', process.execPath, BIN, '--case', casePath, 'report', '-o', out], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (has('pdftotext')) {
      const text = spawnSync('pdftotext', ['-layout', out, '-']).stdout.toString();
      expect(text).toContain('kai.tester@example.org');
    }
  });

  it('opens no TCP connection, sends no DNS query and no datagram while printing', () => {
    const out = join(dir.path, 'traced.pdf');
    const { status, lines } = traced([process.execPath, BIN, '--case', casePath, 'report', '-o', out]);
    expect(status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const launches = chromiumLaunches(lines);
    expect(launches.length).toBeGreaterThan(0);
    expect(launches[0]).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
    const use = internetUse(lines);
    expect(use.streamSockets, 'TCP sockets').toEqual([]);
    expect(use.sends, 'datagrams or bytes sent').toEqual([]);
    // The one internet address Chromium names: its IPv6 route check, a connect() on a UDP socket,
    // which sends nothing (asserted above) and only asks the kernel for a route.
    for (const c of use.connects) expect(c).toMatch(/SOCK_DGRAM|2001:4860:4860::8888/);
  });

  it('refuses every request the page makes, even to an address no DNS is needed for', async () => {
    // The printer on a page that asks for outside resources by IP (no report has any: this checks
    // the last layer, the route that refuses every request of the page).
    const entry = join(ROOT, 'out', 'test', 'print-hostile.mjs');
    mkdirSync(dirname(entry), { recursive: true });
    const source = join(dirname(entry), 'print-hostile.ts');
    writeFileSync(
      source,
      `import { renderPdf } from '${join(ROOT, 'src/main/report/render-pdf.ts')}';
       import { writeFileSync } from 'node:fs';
       const html = '<img src="http://93.184.216.34/x.png"><link rel="stylesheet" href="https://1.1.1.1/x.css"><iframe src="http://8.8.8.8/"></iframe><p>hostile page</p>';
       writeFileSync(process.argv[2], await renderPdf(html, 'case'));`,
    );
    await build({
      entryPoints: [source],
      outfile: entry,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    const out = join(dir.path, 'hostile.pdf');
    const { status, lines } = traced([process.execPath, entry, out]);
    expect(status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const use = internetUse(lines);
    expect(use.streamSockets).toEqual([]);
    expect(use.sends).toEqual([]);
    expect(use.connects.filter((c) => /93\.184\.216\.34|1\.1\.1\.1|8\.8\.8\.8/.test(c))).toEqual([]);
  });

  it.skipIf(!has('runuser'))("keeps Chromium's sandbox for a user who is not root", () => {
    // Chromium cannot run sandboxed as root (there it gets --no-sandbox); as any other user the
    // sandbox stays, which the launch's command line shows.
    const home = join(dir.path, 'nobody');
    mkdirSync(home);
    copyFileSync(casePath, join(home, 'case.sqlite'));
    chmodSync(home, 0o777);
    chmodSync(join(home, 'case.sqlite'), 0o666);
    chmodSync(dir.path, 0o755);
    const asRoot = chromiumLaunches(
      traced([process.execPath, BIN, '--case', casePath, 'report', '-o', join(dir.path, 'root.pdf')]).lines,
    );
    expect(asRoot[0]).toContain('--no-sandbox');
    const { status, lines } = traced([
      'runuser',
      '-u',
      'nobody',
      '--',
      'env',
      `HOME=${home}`,
      `TMPDIR=${home}`,
      process.execPath,
      BIN,
      '--case',
      join(home, 'case.sqlite'),
      'report',
      '-o',
      join(home, 'user.pdf'),
    ]);
    expect(status).toBe(0);
    const launches = chromiumLaunches(lines);
    expect(launches.length).toBeGreaterThan(0);
    expect(launches[0]).not.toContain('--no-sandbox');
    expect(readFileSync(join(home, 'user.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
