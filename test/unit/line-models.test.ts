import { describe, expect, it } from 'vitest';
import { EmacsLine } from '../../src/main/extraction/shell/keys/emacs-line';
import { splitKeys } from '../../src/main/extraction/shell/keys/split-keys';
import { BACKSPACE_ERASE, echoOf, TtyLine } from '../../src/main/extraction/shell/keys/tty-line';
import { TypedLine } from '../../src/main/extraction/shell/keys/typed-line';
import { ViLine } from '../../src/main/extraction/shell/keys/vi-line';

const apply = <T extends { key(k: string): void }>(model: T, ...input: string[]): T => {
  for (const k of input.flatMap((s) => splitKeys(s))) model.key(k);
  return model;
};
const emacs = (...input: string[]): EmacsLine => apply(new EmacsLine('readline'), ...input);
const zle = (...input: string[]): EmacsLine => apply(new EmacsLine('zle'), ...input);
const vi = (...input: string[]): ViLine => apply(new ViLine(), ...input);

describe('keys as the terminal sends them', () => {
  it('splits escape sequences, Alt keys and characters, and drops what the terminal reports on its own', () => {
    expect(splitKeys('ab\x1b[D\x1bb\x7f你')).toEqual(['a', 'b', '\x1b[D', '\x1bb', '\x7f', '你']);
    expect(splitKeys('\x1b[30;2R[\x1b[>84;0;0c\x1bP>|tmux 3.3a\x1b\\\x1b]11;rgb:0000/0000/0000\x07x')).toEqual([
      '[',
      'x',
    ]);
    expect(splitKeys('\x1b[200~echo\x1b[201~')).toEqual(['\x1b[200~', 'e', 'c', 'h', 'o', '\x1b[201~']);
  });
});

describe('the terminal line discipline (no line editor: dash, cat, read)', () => {
  it('erases, kills and erases words as Linux does; every other byte is data', () => {
    expect(apply(new TtyLine(), 'echo wrnog', '\x7f\x7f\x7f\x7f', 'rong').text).toBe('echo wrong');
    expect(apply(new TtyLine(), 'cat /etc/passwd', '\x17').text).toBe('cat /etc/'); // werase stops at /
    expect(apply(new TtyLine(), 'rm -rf /', '\x15', 'ls').text).toBe('ls');
    expect(apply(new TtyLine(), 'echo left', '\x1b[D', 'X').text).toBe('echo left\x1b[DX');
    expect(apply(new TtyLine(), 'ab', '\x16\x7f').text).toBe('ab\x7f'); // lnext
    expect(apply(new TtyLine(BACKSPACE_ERASE), 'abx', '\x08', 'c').text).toBe('abc');
    expect(echoOf('echo left\x1b[DX\t')).toBe('echo left^[[DX\t');
  });
});

describe('emacs keys (readline and zle)', () => {
  it('moves, deletes and inserts', () => {
    expect(emacs('ehco', '\x7f\x7f\x7f', 'cho hi').text).toBe('echo hi');
    expect(emacs('echo world', '\x1b[D'.repeat(5), 'hello ').text).toBe('echo hello world');
    expect(emacs('cho', '\x01', 'e', '\x05', ' x').text).toBe('echo x');
    expect(emacs('echox', '\x1b[D', '\x1b[3~').text).toBe('echo');
    expect(emacs('echo abcd', '\x1b[D\x1b[D', '\x04').text).toBe('echo abd');
  });

  it('moves by words over wide characters and transposes', () => {
    expect(emacs('echo aaa ccc', '\x1bb', 'bbb ', '\x1bf', ' ddd').text).toBe('echo aaa bbb ccc ddd');
    expect(emacs('echo 你好 世界', '\x1bb', 'X').text).toBe('echo 你好 X世界');
    expect(emacs('ehc', '\x1b[D', '\x14', '\x05', 'o').text).toBe('echo');
    expect(emacs('echo 🙂👍', '\x1b[D', 'X').text).toBe('echo 🙂X👍');
    expect(emacs('ab', '\x14').text).toBe('ba');
  });

  it('kills into a ring that consecutive kills append to, and yanks', () => {
    expect(emacs('echo beta alpha', '\x17', '\x01', '\x1bf', ' ', '\x19').text).toBe('echo alpha beta ');
    expect(emacs('one two three', '\x17\x17', '\x19\x19').text).toBe('one two threetwo three');
    expect(emacs('wrong echo ok', '\x01', '\x1bd', '\x04').text).toBe('echo ok');
    expect(emacs('ls -d /etc /x', '\x1bb\x1bb', '\x0b').text).toBe('ls -d /');
  });

  it('knows zle words include / and -, and zle Ctrl-U kills the whole line', () => {
    expect(zle('ls -d /usr/lib', '\x1bb', 'X').text).toBe('ls -d X/usr/lib');
    expect(zle('echo abc', '\x1b[D', '\x15').text).toBe('');
    expect(emacs('echo abc', '\x1b[D', '\x15').text).toBe('c');
  });

  it('knows when only the shell can tell (Tab, history, Alt-.)', () => {
    expect(emacs('cat /etc/hostn', '\t').unknown).toBe(true);
    expect(emacs('\x1b[A').unknown).toBe(true);
    expect(emacs('cd ', '\x1b.').unknown).toBe(true);
    expect(emacs('ls').unknown).toBe(false);
  });
});

describe('vi keys (set -o vi)', () => {
  it('edits in command mode and returns to insert mode', () => {
    expect(vi('ls -l /ettc/hostname', '\x1b', '0', 'ft', 'x').text).toBe('ls -l /etc/hostname');
    expect(vi('echo red green blue', '\x1b', 'b', 'b', 'cw', 'yellow').text).toBe('echo red yellow blue');
    expect(vi('echo one two three', '\x1b', '0', 'ww', 'dw', 'A', ' four').text).toBe('echo one three four');
    expect(vi('abc', '\x1b', 'hh', 'r', 'X').text).toBe('Xbc');
    expect(vi('echo x', '\x1b', 'I', '#').text).toBe('#echo x');
    expect(vi('ab cd', '\x1b', '0', 'dw', 'P').text).toBe('ab cd');
  });

  it('leaves history and search to the shell', () => {
    expect(vi('\x1b', 'k').unknown).toBe(true);
    expect(vi('x', '\x1b', '/', 'y').unknown).toBe(true);
  });
});

describe('a line without end (hostile or broken input)', () => {
  it('stops modelling past 65,536 keys and leaves the line to the screen', () => {
    const line = new TypedLine('emacs', 'readline');
    for (let i = 0; i < 70_000; i++) line.key(i % 2 === 0 ? 'a' : '\x1b[D');
    expect(line.overflow).toBe(true);
    expect(line.editorText).toBeNull();
  });
});
