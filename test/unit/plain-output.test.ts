import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainOutput } from '../../src/main/extraction/shell/output/plain-output';
import { dropControlChars, stripEscapes } from '../../src/main/terminal/render-transcript';
import { withoutTrailingNewlines } from '../../src/shared/trailing';
import { SAMPLES } from '../helpers/fixtures';
import { Rng } from '../fuzz/mutators';

/** plainOutput as it was written first, one regular expression after another: the reference. */
function reference(text: string): string {
  const stripped = stripEscapes(text).replace(/\r+\n/g, '\n');
  const visible = stripped.split('\n').map((line) => {
    if (!line.includes('\r')) return dropControlChars(line);
    let out = '';
    for (const part of line.split('\r')) {
      const clean = dropControlChars(part);
      out = clean.length >= out.length ? clean : clean + out.slice(clean.length);
    }
    return out;
  });
  return withoutTrailingNewlines(visible.join('\n'));
}

/** The fuzz tests' seeded generator (mulberry32): the same mix on every run. */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

// Pieces that meet in every order: CSIs whole and cut short, every other escape, CRs, LFs, controls.
const PIECES = [
  'text',
  ' ',
  'é漢🙂',
  '\r',
  '\n',
  '\r\n',
  '\r\r\n',
  '\x1b[',
  '\x1b[0m',
  '\x1b[1;31m',
  '\x1b[K',
  '\x1b[?2004h',
  '\x1b[ q',
  '\x1b[12',
  '\x1b[1;',
  '\x1b]0;title\x07',
  '\x1b]8;;x\x1b\\',
  '\x1b]',
  '\x1bP1$r\x1b\\',
  '\x1b(B',
  '\x1b=',
  '\x1b',
  '\x07',
  '\b',
  '\t',
  '\x7f',
  '\x00',
  '[1m',
  ']',
  '\\',
  '\x1b(',
  '(B',
  '\x1b[01;31',
  '\x1b2',
  '2024',
  '\x1b\r',
  '\x1b\n',
  '\x1bé',
  '\x1b\x7f',
  'm',
  '\x1b[0',
  '\x1b\x1b[0m',
  '\x1b\x1b[1m\x1b[K',
  '\x1b\x1b',
];

describe('plainOutput', () => {
  it('keeps what a cut-short escape leaves as the expressions leave it', () => {
    expect(plainOutput('a \x1b[01;31\x1b[0mb\x1b2024\x1b(\r\n')).toBe(
      reference('a \x1b[01;31\x1b[0mb\x1b2024\x1b(\r\n'),
    );
  });

  it('gives what the regular expressions give, on seeded mixes of every kind of escape and control', () => {
    const next = random(13);
    for (let k = 0; k < 50000; k++) {
      let text = '';
      for (let n = Math.floor(next() * 12); n >= 0; n--) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(plainOutput(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('gives what the regular expressions give on the output of every recording', () => {
    const dir = join(SAMPLES, '..', 'recordings');
    let compared = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.cast'))) {
      const lines = readFileSync(join(dir, name), 'utf8').split('\n').slice(1);
      const output = lines
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as [number, string, string])
        .filter((e) => e[1] === 'o')
        .map((e) => e[2])
        .join('');
      // The whole stream, and cut into pieces as commands' outputs are.
      expect(plainOutput(output), name).toBe(reference(output));
      for (let at = 0; at < output.length; at += 997) {
        const piece = output.slice(at, at + 4000);
        expect(plainOutput(piece), name).toBe(reference(piece));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('keeps a progress bar at its last state and drops colours', () => {
    expect(plainOutput('\x1b[32m 10%\r 50%\r\x1b[K100%\x1b[0m\r\nok\r\n\r\n')).toBe('100%\nok');
  });
});
