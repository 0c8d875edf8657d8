// Issue 14, item 1: an output hit replays from the moment its match was printed, not from the
// command's Enter. Checked on a real recording by restoring the replay frames the renderer would
// show: at the hit's moment the match is on screen, just before it is not.
import xtermHeadless from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/main/ingest/import-file';
import { replayFrame } from '../../src/main/replay/replay-queries';
import { placeHitMoment, searchCase } from '../../src/main/search/run-search';
import { openCase, type CaseDb } from '../../src/main/store/open-case';
import type { SearchHit } from '../../src/shared/search';
import type { ReplayFrame } from '../../src/shared/views';
import { tempDir } from '../helpers/fixtures';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { Terminal } = xtermHeadless;
const RECORDINGS = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));

/** The screen (and scrollback) the renderer shows for a frame, as lines of text. */
async function screenOf(frame: ReplayFrame, start: { cols: number; rows: number }): Promise<string[]> {
  const size = frame.snapshot ?? start;
  const term = new Terminal({ cols: size.cols, rows: size.rows, scrollback: 10_000, allowProposedApi: true });
  const write = (data: string) => new Promise<void>((resolve) => term.write(data, resolve));
  if (frame.snapshot) await write(frame.snapshot.data);
  for (const ev of frame.events) {
    if (ev.kind === 'output') await write(ev.text);
    else term.resize(ev.cols, ev.rows);
  }
  const b = term.buffer.active;
  return Array.from({ length: b.length }, (_, i) => b.getLine(i)?.translateToString(true) ?? '');
}

describe('output hits land on the output', () => {
  const dir = tempDir();
  let db: CaseDb;
  beforeAll(async () => {
    db = openCase(join(dir.path, 'case.sqlite'));
    for (const name of ['redraws.cast', 'ctrl-c.cast']) {
      // Casts: no key is ever asked for.
      const outcome = await importFile(db, join(RECORDINGS, name), { keys: () => Promise.resolve([]) });
      expect(outcome.error).toBeUndefined();
    }
  });
  afterAll(() => {
    db.close();
    dir.cleanup();
  });

  const outputHits = (query: string): SearchHit[] => {
    const outcome = searchCase(db, query);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.result.tookMs).toBeGreaterThanOrEqual(0);
    return outcome.result.hits.filter((h) => h.in === 'output');
  };

  // `seq 1 30` prints its lines after the Enter: "29" is never on screen at the Enter.
  it.each([['in:output =29', /^29$/]])(
    '%s: the frame at the hit shows the match, the one before does not',
    async (query, line) => {
      const hits = outputHits(query);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        const program = Number(hit.program.slice(1));
        const enterUs = db
          .prepare('SELECT at_us FROM commands WHERE id = ?')
          .pluck()
          .get(Number(hit.command!.slice(1))) as number;
        expect(hit.replay.atUs).toBeGreaterThan(enterUs);
        const size = db
          .prepare('SELECT term_cols AS cols, term_rows AS rows FROM programs WHERE id = ?')
          .get(program) as {
          cols: number;
          rows: number;
        };
        const at = await screenOf(replayFrame(db, program, hit.replay.atUs), size);
        const before = await screenOf(replayFrame(db, program, hit.replay.atUs - 1), size);
        expect(at.some((l) => line.test(l.trim()))).toBe(true);
        expect(before.some((l) => line.test(l.trim()))).toBe(false);
      }
    },
  );

  it('places the match by its first byte in the recorded output', () => {
    const [hit] = outputHits('in:output =29');
    const output = db
      .prepare('SELECT start_offset FROM outputs WHERE command_id = ?')
      .pluck()
      .get(Number(hit!.command!.slice(1))) as number;
    expect(hit!.replay.outputOffset).toBeGreaterThan(output);
  });
});

// The app's list places no moments (a third to a half of a word query's time): the hit opened is
// placed then, by placeHitMoment, and must land exactly where a placed search puts it.
describe('an output hit placed when it is opened', () => {
  const dir = tempDir();
  let db: CaseDb;
  const names = [
    'redraws.cast',
    'ctrl-c.cast',
    'holdout-bash.cast',
    'holdout-zsh.cast',
    'repl.cast',
    'fullscreen.cast',
  ];
  beforeAll(async () => {
    db = openCase(join(dir.path, 'case.sqlite'));
    for (const name of names) {
      const outcome = await importFile(db, join(RECORDINGS, name), { keys: () => Promise.resolve([]) });
      expect(outcome.error).toBeUndefined();
    }
  });
  afterAll(() => {
    db.close();
    dir.cleanup();
  });

  /** Every word of the case's output, as queries: many hits, some deep in long outputs. */
  function queries(): string[] {
    const words = new Set<string>();
    const texts = db.prepare('SELECT text FROM commands').pluck().all() as string[];
    for (const t of texts) for (const w of t.match(/[a-z]{3,}/gi) ?? []) words.add(w.toLowerCase());
    return [...words].sort().flatMap((w) => [`in:output ${w}`, `in:output =${w}`]);
  }

  it('lands on the moment the placed search gives, for every output hit', () => {
    const qs = queries();
    expect(qs.length).toBeGreaterThan(20);
    let moved = 0;
    let hits = 0;
    for (const q of qs) {
      const placed = searchCase(db, q, { limit: 50 });
      const listed = searchCase(db, q, { limit: 50, placeMoments: false });
      if (!placed.ok || !listed.ok) throw new Error(`query ${q} failed`);
      expect(placed.result.momentsMs).toBeGreaterThanOrEqual(0);
      expect(listed.result.momentsMs).toBeUndefined();
      // Everything but the replay is the same list.
      const strip = (h: SearchHit) => ({ ...h, replay: null });
      expect(listed.result.hits.map(strip)).toEqual(placed.result.hits.map(strip));
      listed.result.hits.forEach((hit, i) => {
        const want = placed.result.hits[i]!.replay;
        expect(want.placed).toBe(true);
        if (hit.in === 'command') return expect(hit.replay).toEqual(want);
        hits += 1;
        expect(hit.replay.placed).toBe(false);
        const got = placeHitMoment(db, {
          query: q,
          programRow: Number(hit.program.slice(1)),
          atUs: hit.replay.atUs,
          outputOffset: hit.replay.outputOffset,
        });
        expect(got).toEqual(want);
        if (want.outputOffset !== hit.replay.outputOffset) moved += 1;
      });
    }
    // Most hits are placed past their output's first byte: the check compares real places.
    expect(hits).toBeGreaterThan(50);
    expect(moved).toBeGreaterThan(hits / 2);
  });

  it('gives null for a place where no output of the program starts', () => {
    const listed = searchCase(db, 'in:output =29', { placeMoments: false });
    const hit = listed.ok ? listed.result.hits[0] : undefined;
    expect(hit).toBeDefined();
    const at = { query: 'in:output =29', programRow: Number(hit!.program.slice(1)) };
    expect(
      placeHitMoment(db, { ...at, atUs: hit!.replay.atUs + 1, outputOffset: hit!.replay.outputOffset }),
    ).toBeNull();
  });
});
