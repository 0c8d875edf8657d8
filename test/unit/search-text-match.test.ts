import { describe, expect, it } from 'vitest';
import type { TermKind, TextTerm } from '../../src/main/search/query-types';
import { innerPhrase, matchesAsWord, matchRanges, termMatches, wordTokens } from '../../src/main/search/text-match';

const term = (kind: TermKind, text: string): TextTerm => ({ kind, text, column: 1 });

describe('what a term matches', () => {
  it.each<[TermKind, string, string, boolean]>([
    ['substring', 'etc/pass', 'cat /etc/passwd', true],
    ['substring', 'ETC/PASS', 'cat /etc/passwd', true],
    ['substring', 'passwd', 'cp /etc/opasswd /tmp', true],
    ['substring', '10.0.0.', 'ssh 10.0.0.7', true],
    ['substring', 'größe', 'GRÖSSE', false],
    ['substring', 'GRÖßE', 'größe', true],
    ['word', 'passwd', 'cp /etc/opasswd /tmp', false],
    ['word', 'passwd', 'cat /etc/passwd', true],
    ['word', 'root', 'chroot /mnt', false],
    ['word', 'root', 'ls -la /root', true],
    ['word', 'root', 'ROOT:x:0:0', true],
    ['word', 'docker', 'web_docker_1', true], // unicode61 splits on _
    ['word', 'etc passwd', 'cat /etc/passwd', true],
    ['word', 'etc/passwd', 'etc-passwd and etc  passwd', true],
    ['word', 'etc passwd', 'cat /etc/xpasswd', false],
    ['word', 'etc passwd', 'passwd /etc', false],
    ['word', 'cafe', 'Un café crème', true], // diacritics folded, as unicode61 does
    ['word', 'café', 'CAFE au lait', true],
    ['word', 'größe', 'Preis: 12 € — Größe ✔', true],
    ['prefix', 'pass', 'Changing password for kai', true],
    ['prefix', 'pass', 'cp /etc/opasswd', false],
    ['prefix', 'cat /et', 'sudo cat /etc/shadow', true],
    ['prefix', 'cat /et', 'cat /tmp/et', false],
  ])('%s %j in %j: %s', (kind, text, hay, expected) => {
    expect(termMatches(hay, kind, text)).toBe(expected);
  });

  it('agrees between ASCII and non-ASCII text (the fast path and the folded one)', () => {
    for (const hay of ['id; cat /etc/passwd', 'id; cat /etc/passwd ✓', 'chroot /mnt', 'chroot /mnt ✓']) {
      expect(termMatches(hay, 'word', 'passwd')).toBe(hay.includes('passwd'));
      expect(termMatches(hay, 'word', 'root')).toBe(false);
      expect(termMatches(hay, 'prefix', 'chro')).toBe(hay.includes('chroot'));
    }
  });

  it('splits words as unicode61 does', () => {
    expect(wordTokens('sudo -u www-data cat /etc/Größe_café.txt')).toEqual([
      'sudo',
      'u',
      'www',
      'data',
      'cat',
      'etc',
      'große',
      'cafe',
      'txt',
    ]);
  });
});

describe('matchRanges', () => {
  it('finds every occurrence, case-insensitively, as offsets into the original text', () => {
    const text = 'Passwd: passwd PASSWD';
    expect(matchRanges(text, term('substring', 'passwd'))).toEqual([
      [0, 6],
      [8, 14],
      [15, 21],
    ]);
  });

  it('finds whole words only, across punctuation for phrases', () => {
    const text = 'cp /etc/opasswd /etc/passwd';
    expect(matchRanges(text, term('word', 'passwd'))).toEqual([[21, 27]]);
    expect(matchRanges(text, term('word', 'etc/passwd'))).toEqual([[17, 27]]);
  });

  it('stops at the given number of places', () => {
    expect(matchRanges('a a a a a', term('substring', 'a'), 3)).toHaveLength(3);
  });
});

describe('matchesAsWord', () => {
  it('checks word boundaries only on the sides where the term has a letter or digit', () => {
    expect(matchesAsWord('cat /etc/passwd', term('substring', '/etc/passwd'))).toBe(true);
    expect(matchesAsWord('cat /etc/passwd', term('substring', 'etc/pass'))).toBe(false);
    expect(matchesAsWord('cat /etc/passwd', term('substring', 'passwd'))).toBe(true);
    expect(matchesAsWord('cp /etc/opasswd', term('substring', 'passwd'))).toBe(false);
    expect(matchesAsWord('anything', term('word', 'x'))).toBe(true);
  });
});

describe('innerPhrase: the whole words inside a substring', () => {
  it('leaves out words that touch an end of the substring, and words that are not ASCII', () => {
    expect(innerPhrase('Failed password for root')).toBe('password for');
    expect(innerPhrase(' password for ')).toBe('password for');
    expect(innerPhrase('blickey for gi')).toBe('for');
    expect(innerPhrase('10.0.0.1')).toBe('0 0');
    expect(innerPhrase('70639')).toBeNull();
    expect(innerPhrase('ab cd')).toBeNull();
    // The longest run of ASCII words, cut by one that is not ASCII.
    expect(innerPhrase('x a Straße bcdef y')).toBe('bcdef');
  });
});
