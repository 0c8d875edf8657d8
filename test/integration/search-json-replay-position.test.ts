// Issue 14, "Done when": `search --json` gives each output hit the replay position of its first
// matching byte. For every output hit of a few queries on real recordings (captures with their
// key, casts), the recorded server bytes at replay.outputOffset are the match, and replay.atUs is
// the time of an output event between the one holding that first byte and the one that completes
// the match. The hits come from the CLI; the bytes are read from the case as the replay reads them.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../src/main/store/case-queries';
import { openCase } from '../../src/main/store/open-case';
import { sshlens } from '../helpers/cli';
import { sample, SAMPLE_KEY, tempDir } from '../helpers/fixtures';

const RECORDINGS = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));

interface HitJson {
  program: string;
  in: 'command' | 'output';
  snippet: string;
  matches: Array<{ start: number; end: number }>;
  replay: { atUs: number; outputOffset: number };
}

/** Output events of a program: when each was printed and where its bytes start in the output. */
interface Printed {
  atUs: number;
  offset: number;
  data: Buffer;
}

describe('search --json places each output hit on its first matching byte', () => {
  const dir = tempDir();
  const casePath = join(dir.path, 'case.sqlite');
  const run = (...args: string[]) => sshlens(['--case', casePath, ...args]);
  const printedOf = new Map<string, Printed[]>();

  beforeAll(() => {
    const files = [
      sample('sample-shell.capture'),
      sample('sample-editing.capture'),
      sample('sample-exec.capture'),
      join(RECORDINGS, 'redraws.cast'),
      join(RECORDINGS, 'ctrl-c.cast'),
      join(RECORDINGS, 'fullscreen.cast'),
    ];
    const imported = run('import', '--key-file', SAMPLE_KEY, ...files);
    expect(imported.status, imported.stderr).toBe(0);
  });
  afterAll(() => dir.cleanup());

  function printed(program: string): Printed[] {
    const known = printedOf.get(program);
    if (known) return known;
    const db = openCase(casePath, { readonly: true });
    try {
      const out: Printed[] = [];
      let offset = 0;
      for (const ev of readEvents(db, Number(program.slice(1)))) {
        if (ev.kind !== 'output') continue;
        out.push({ atUs: ev.atUs, offset, data: Buffer.from(ev.data) });
        offset += ev.data.length;
      }
      printedOf.set(program, out);
      return out;
    } finally {
      db.close();
    }
  }

  /** The recorded output bytes of [from, from + length), across events. */
  function bytesAt(events: Printed[], from: number, length: number): Buffer {
    const parts = events
      .filter((e) => e.offset + e.data.length > from && e.offset < from + length)
      .map((e) => e.data.subarray(Math.max(0, from - e.offset), from + length - e.offset));
    return Buffer.concat(parts);
  }

  const holding = (events: Printed[], offset: number): Printed =>
    events.find((e) => offset >= e.offset && offset < e.offset + e.data.length)!;

  it.each([
    ['in:output =29'],
    ['in:output "low disk"'],
    ['in:output Größe'],
    ['in:output "build 42 failed"'],
    ['in:output "tick 3"'],
  ])('%s', (query) => {
    const found = JSON.parse(run('search', query, '--limit', '100', '--json').stdout) as { hits: HitJson[] };
    const hits = found.hits.filter((h) => h.in === 'output');
    expect(hits.length, `no output hit for ${query}`).toBeGreaterThan(0);
    for (const hit of hits) {
      const match = hit.snippet.slice(hit.matches[0]!.start, hit.matches[0]!.end);
      // The first line of the match, as recorded (the snippet has the screen's text; search ignores ASCII case).
      const needle = Buffer.from(match.split('\n', 1)[0]!, 'utf8');
      const events = printed(hit.program);
      const at = bytesAt(events, hit.replay.outputOffset, needle.length);
      expect(at.toString('utf8').toLowerCase(), `${query} in ${hit.program}`).toBe(
        needle.toString('utf8').toLowerCase(),
      );
      const first = holding(events, hit.replay.outputOffset);
      const last = holding(events, hit.replay.outputOffset + needle.length - 1);
      expect(hit.replay.atUs).toBeGreaterThanOrEqual(first.atUs);
      expect(hit.replay.atUs).toBeLessThanOrEqual(last.atUs);
      expect(events.some((e) => e.atUs === hit.replay.atUs)).toBe(true);
    }
  });

  // `ctime (time of last modification` in a man page: the whole word follows the same letters
  // inside a longer word, and the hit must land on the word, not on the letters before it.
  it('places a whole-word hit on the word, not on the same letters inside an earlier word', () => {
    const found = JSON.parse(run('search', 'in:output =time', '--limit', '100', '--json').stdout) as {
      hits: HitJson[];
    };
    const hits = found.hits.filter((h) => h.in === 'output');
    const isWordByte = (c: number | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(String.fromCharCode(c));
    // Colour codes may sit right beside the word: their final letter is no part of it.
    // eslint-disable-next-line no-control-regex -- the escape sequences are what is stripped
    const csi = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
    const hitInsideWord = hits.filter((hit) => {
      const events = printed(hit.program);
      const before = bytesAt(events, Math.max(0, hit.replay.outputOffset - 16), Math.min(16, hit.replay.outputOffset));
      const after = bytesAt(events, hit.replay.outputOffset + 4, 16);
      const left = Buffer.from(before.toString('latin1').replace(csi, ''), 'latin1');
      const right = Buffer.from(after.toString('latin1').replace(csi, ''), 'latin1');
      return isWordByte(left[left.length - 1]) || isWordByte(right[0]);
    });
    expect(hits.length).toBeGreaterThan(0);
    // The man page's `ctime` comes before its first whole `time`.
    expect(hits.some((h) => /ctime/i.test(h.snippet))).toBe(true);
    expect(hitInsideWord).toEqual([]);
  });
});
