import { describe, expect, it } from 'vitest';
import type { TextTerm } from '../../src/main/search/query-types';
import { rankCandidates, type Candidate } from '../../src/main/search/rank-hits';

let next = 1;
function candidate(source: Candidate['source'], head: string, atUs = 0): Candidate {
  return {
    source,
    rowId: next++,
    commandRow: 1,
    programRow: 1,
    sessionRow: 1,
    atUs,
    outputOffset: 0,
    programStartUs: 1_000_000,
    userEmail: null,
    targetId: null,
    head,
    length: head.length,
  };
}

const t = (text: string, kind: TextTerm['kind'] = 'substring'): TextTerm => ({ kind, text, column: 1 });
const order = (cs: Candidate[], terms: TextTerm[]): string[] =>
  rankCandidates(cs, terms).map((c) => `${c.source}:${c.head}`);

describe('rankCandidates', () => {
  it('puts the exact command first, then whole words, then matches inside words', () => {
    const cs = [
      candidate('command', 'cp /etc/opasswd /tmp'),
      candidate('command', 'grep passwd /etc/pam.d/common'),
      candidate('command', 'passwd'),
    ];
    expect(order(cs, [t('passwd')])).toEqual([
      'command:passwd',
      'command:grep passwd /etc/pam.d/common',
      'command:cp /etc/opasswd /tmp',
    ]);
  });

  it('puts command lines before output of the same quality', () => {
    const cs = [candidate('output', 'passwd: password updated'), candidate('command', 'sudo passwd kai')];
    expect(order(cs, [t('passwd')])).toEqual(['command:sudo passwd kai', 'output:passwd: password updated']);
  });

  it('prefers more occurrences in a shorter text (BM25 term frequency)', () => {
    const long = candidate('output', `error ${'x'.repeat(400)}`);
    const short = candidate('output', 'error: disk error');
    expect(order([long, short], [t('error')])).toEqual([`output:${short.head}`, `output:${long.head}`]);
  });

  it('breaks ties by time, newest first', () => {
    const old = candidate('command', 'id', 1);
    const recent = candidate('command', 'id', 5);
    expect(rankCandidates([old, recent], []).map((c) => c.atUs)).toEqual([5, 1]);
  });

  it('puts hits of a program with no known start after those with one', () => {
    const unknown = { ...candidate('command', 'id', 9), programStartUs: null };
    const known = candidate('command', 'id', 1);
    expect(rankCandidates([unknown, known], [])[0]).toBe(known);
  });
});
