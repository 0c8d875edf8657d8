import { describe, expect, it } from 'vitest';
import {
  expandHistory,
  isComplete,
  joinContinuation,
  splitCompleteCommands,
} from '../../src/main/extraction/shell/bash-history-text';
import { KeystrokeLine, splitKeys } from '../../src/main/extraction/shell/keystroke-line';
import { programName, startsLineProgram } from '../../src/main/extraction/shell/program-kind';
import { isContinuationPrompt, parsePrompt } from '../../src/main/extraction/shell/prompt-info';

describe('bash command completeness', () => {
  it.each([
    ['ls -la', true],
    ['for i in 1 2; do', false],
    ['for i in 1 2; do\n  echo $i\ndone', true],
    ['if [ -d /tmp ]; then echo yes', false],
    ['if [ -d /tmp ]; then echo yes\nelse echo no\nfi', true],
    ['echo "open quote', false],
    ["echo 'it''s'", true],
    ['echo one \\', false],
    ['cat file |', false],
    ['make && ', false],
    ['greet() {', false],
    ['greet() {\n  echo hi\n}', true],
    ['case $x in a) echo a;; esac', true],
    ['case $x in\na) echo a;;', false],
    ['cat <<EOF\nbody', false],
    ['cat <<EOF\nbody\nEOF', true],
    ['cat <<-EOF\n\tbody\n\tEOF', true],
    ['echo done # for while do', true],
    ['echo $(date; echo ok)', true],
    ['cat <<< "here string"', true],
  ])('%j → %s', (text, complete) => {
    expect(isComplete(text)).toBe(complete);
  });
});

describe('history entries of an accepted buffer', () => {
  it('splits a pasted buffer into its complete commands, keeping compound ones whole', () => {
    expect(splitCompleteCommands('echo one\necho two\necho three\n')).toEqual(['echo one', 'echo two', 'echo three']);
    expect(splitCompleteCommands('for f in a b; do\n  echo "$f"\ndone\necho after')).toEqual([
      'for f in a b; do\n  echo "$f"\ndone',
      'echo after',
    ]);
    expect(splitCompleteCommands('cat <<EOF\nx\nEOF')).toEqual(['cat <<EOF\nx\nEOF\n']);
  });

  it('joins PS2 lines as bash records them', () => {
    expect(joinContinuation('echo one \\', 'two')).toBe('echo one two');
    expect(joinContinuation('while true; do', '  sleep 1')).toBe('while true; do\n  sleep 1');
    expect(joinContinuation("echo 'a\\", "b'")).toBe("echo 'a\\\nb'");
  });
});

describe('history expansion', () => {
  const history = ['echo alpha', "printf 'gamma %s\\n' 3", 'ls -la /var/log'];
  it.each([
    ['!!', 'ls -la /var/log'],
    ['sudo !!', 'sudo ls -la /var/log'],
    ['!-2', "printf 'gamma %s\\n' 3"],
    ['!ech', 'echo alpha'],
    ['!?gamma?', "printf 'gamma %s\\n' 3"],
    ['^var^tmp', 'ls -la /tmp/log'],
    ['cd !$', 'cd /var/log'],
    ['echo !*', 'echo -la /var/log'],
  ])('%s → %s', (line, expanded) => {
    expect(expandHistory(line, history)).toBe(expanded);
  });

  it('leaves lines without an expansion, or with one it cannot resolve, alone', () => {
    expect(expandHistory('echo hello', history)).toBeNull();
    expect(expandHistory("echo 'wow!!'", history)).toBeNull();
    expect(expandHistory('echo hi!', history)).toBeNull();
    expect(expandHistory('!nosuchcommand', history)).toBeNull();
    expect(expandHistory('x != y', history)).toBeNull();
  });
});

describe('keystrokes alone', () => {
  const typed = (...keys: string[]): KeystrokeLine => {
    const line = new KeystrokeLine();
    for (const k of keys.flatMap((s) => splitKeys(s))) {
      if (k.charCodeAt(0) >= 0x20 && k !== '\x7f' && k[0] !== '\x1b') line.insert(k);
      else line.key(k);
    }
    return line;
  };

  it('applies Backspace, Ctrl-U, Ctrl-W, arrows, Home/End and Delete', () => {
    expect(typed('ehco', '\x7f\x7f\x7f', 'cho hi').text).toBe('echo hi');
    expect(typed('rm -rf /', '\x15', 'ls').text).toBe('ls');
    expect(typed('echo one two', '\x17', 'three').text).toBe('echo one three');
    expect(typed('echo world', '\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D', 'hello ').text).toBe('echo hello world');
    expect(typed('cho', '\x01', 'e', '\x05', ' x').text).toBe('echo x');
    expect(typed('echox', '\x1b[D', '\x1b[3~').text).toBe('echo');
  });

  it('knows when only the shell can tell (Tab, history)', () => {
    expect(typed('cat /etc/hostn', '\t').unknown).toBe(true);
    expect(typed('\x1b[A').unknown).toBe(true);
    expect(typed('ls').unknown).toBe(false);
  });
});

describe('prompts and programs', () => {
  it('reads user, host and directory from common prompt shapes', () => {
    expect(parsePrompt('[root@web01 log]# ')).toEqual({ user: 'root', host: 'web01', cwd: 'log' });
    expect(parsePrompt('alice@db-2:~/src$ ')).toEqual({ user: 'alice', host: 'db-2', cwd: '~/src' });
    expect(parsePrompt('Password: [root@web01 ~]# ')).toEqual({ user: 'root', host: 'web01', cwd: '~' });
    expect(parsePrompt('>>> ')).toEqual({ user: null, host: null, cwd: null });
    expect(isContinuationPrompt('> ')).toBe(true);
    expect(isContinuationPrompt('$ ')).toBe(false);
  });

  it('names the program a command starts, past sudo and env', () => {
    expect(programName('sudo -u postgres psql -d app')).toBe('psql');
    expect(programName('env FOO=1 /usr/bin/python3 -q')).toBe('python3');
    expect(startsLineProgram('python3')).toBe(true);
    expect(startsLineProgram('nc 10.0.0.5 4444')).toBe(true);
    expect(startsLineProgram('bash')).toBe(false);
    expect(startsLineProgram('ls -la')).toBe(false);
  });
});
