import { describe, expect, it } from 'vitest';
import {
  confirmedExpansion,
  expandHistory,
  mayExpand,
} from '../../src/main/extraction/shell/history/history-expansion';
import {
  isComplete,
  joinContinuation,
  splitCompleteCommands,
} from '../../src/main/extraction/shell/history/shell-grammar';
import { programKind, programName, startsLineProgram } from '../../src/main/extraction/shell/programs/program-kind';
import { parsePrompt } from '../../src/main/extraction/shell/prompts/prompt-info';
import { zshRightPrompts, zshWidths } from '../../src/main/extraction/shell/size-inference';
import { looksLikeShellPrompt, PromptMemory, samePrompt } from '../../src/main/extraction/shell/prompts/prompt-memory';
import { cwdFromUrl, parseShellMark } from '../../src/main/extraction/shell/prompts/shell-marks';

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

describe('history expansion (bash and zsh)', () => {
  const history = ['echo alpha', "printf 'gamma %s\\n' 3", 'ls -la /var/log/syslog.1'];
  it.each([
    ['!!', 'ls -la /var/log/syslog.1'],
    ['sudo !!', 'sudo ls -la /var/log/syslog.1'],
    ['!-2', "printf 'gamma %s\\n' 3"],
    ['!ech', 'echo alpha'],
    ['!?gamma?', "printf 'gamma %s\\n' 3"],
    ['^var^tmp', 'ls -la /tmp/log/syslog.1'],
    ['cd !$', 'cd /var/log/syslog.1'],
    ['echo !*', 'echo -la /var/log/syslog.1'],
    ['echo !!:1', 'echo -la'],
    ['echo !$:h', 'echo /var/log'],
    ['echo !$:t:r', 'echo syslog'],
    ['!ls:s/la/l/', 'ls -l /var/log/syslog.1'],
  ])('%s → %s', (line, expanded) => {
    expect(expandHistory(line, history)).toEqual({ text: expanded, printOnly: false });
  });

  it('knows :p prints the line and runs nothing', () => {
    expect(expandHistory('!echo:p', history)).toEqual({ text: 'echo alpha', printOnly: true });
    expect(expandHistory('!!:p', history)).toEqual({ text: 'ls -la /var/log/syslog.1', printOnly: true });
    expect(expandHistory('^alpha^beta^:p', ['echo alpha'])).toEqual({ text: 'echo beta', printOnly: true });
  });

  it('leaves lines without an expansion, or with one it cannot resolve, alone', () => {
    expect(expandHistory('echo hello', history)).toBeNull();
    expect(expandHistory("echo 'wow!!'", history)).toBeNull();
    expect(expandHistory('echo hi!', history)).toBeNull();
    expect(expandHistory('!nosuchcommand', history)).toBeNull();
    expect(expandHistory('x != y', history)).toBeNull();
    expect(mayExpand('echo hello')).toBe(false);
    expect(mayExpand('echo !!')).toBe(true);
  });

  it('is confirmed by the printed line, also when the expansion spans lines', () => {
    // a here-document entry (bash keeps its final newline), printed by !cat:p, output read without trailing newlines
    const heredoc = 'cat <<END\nheredoc line\nEND\n';
    const printOnly = expandHistory('!cat:p', ['echo x', heredoc]);
    expect(printOnly).toEqual({ text: heredoc, printOnly: true });
    expect(confirmedExpansion('cat <<END\nheredoc line\nEND', printOnly)).toEqual({
      text: heredoc,
      output: '',
      printOnly: true,
    });
    // !! of a loop, then its output
    const loop = 'for i in 1 2\ndo echo $i\ndone';
    expect(confirmedExpansion(`${loop}\n1\n2`, expandHistory('!!', [loop]))).toEqual({
      text: loop,
      output: '1\n2',
      printOnly: false,
    });
    // a printed line that only starts like the expansion confirms nothing
    expect(confirmedExpansion('echo alphabet\nalphabet', { text: 'echo alpha', printOnly: false })).toBeNull();
    expect(confirmedExpansion('echo beta', { text: 'echo alpha', printOnly: false })).toBeNull();
  });
});

describe('prompts and programs', () => {
  it('reads user, host and directory from common prompt shapes', () => {
    expect(parsePrompt('[root@web01 log]# ')).toEqual({ user: 'root', host: 'web01', cwd: 'log' });
    expect(parsePrompt('alice@db-2:~/src$ ')).toEqual({ user: 'alice', host: 'db-2', cwd: '~/src' });
    expect(parsePrompt('Password: [root@web01 ~]# ')).toEqual({ user: 'root', host: 'web01', cwd: '~' });
    expect(parsePrompt('>>> ')).toEqual({ user: null, host: null, cwd: null });
    expect(parsePrompt('└❯ ', '┌ kai@db-2 /var/log')).toEqual({ user: 'kai', host: 'db-2', cwd: '/var/log' });
  });

  it('knows a prompt drawn again elsewhere, and which prompts a shell may have drawn', () => {
    expect(samePrompt('[root@web01 ~]# ', '[root@web01 log]# ')).toBe(true);
    expect(samePrompt('(ins)[root@web01 ~]# ', '(cmd)[root@web01 ~]# ')).toBe(true);
    expect(samePrompt('>>> ', '... ')).toBe(false);
    expect(samePrompt('[root@web01 ~]# ', 'postgres=# ')).toBe(false);
    expect(looksLikeShellPrompt('kai@db-2:~$ ')).toBe(true);
    expect(looksLikeShellPrompt('Password: ')).toBe(false);
    expect(looksLikeShellPrompt('Do you want to continue? [Y/n] ')).toBe(false);
    const memory = new PromptMemory<string>();
    memory.learn('[root@web01 ~]# ', 'bash');
    memory.learn('>>> ', 'python3');
    expect(memory.find('[root@web01 /etc]# ')).toBe('bash');
    expect(memory.endingOf('Password: [root@web01 ~]# ')).toBe('bash');
    expect(memory.lastPromptIn('echo par[root@web01 ~]# echo partial')).toEqual({ end: 24, reader: 'bash' });
  });

  it('reads shell integration marks (OSC 133, OSC 633, OSC 7)', () => {
    expect(parseShellMark('B')).toEqual({ kind: 'input-start' });
    expect(parseShellMark('D;130')).toEqual({ kind: 'finished', exitStatus: 130 });
    expect(parseShellMark('E;ls\\x3b echo\\\\x;nonce')).toEqual({ kind: 'command-line', text: 'ls; echo\\x' });
    expect(parseShellMark('P;Cwd=/srv/app')).toEqual({ kind: 'cwd', path: '/srv/app' });
    expect(parseShellMark('Z')).toBeNull();
    expect(cwdFromUrl('file://web01/var/log%20old')).toBe('/var/log old');
  });

  it('names the program a command starts, past sudo and env', () => {
    expect(programName('sudo -u postgres psql -d app')).toBe('psql');
    expect(programName('env FOO=1 /usr/bin/python3 -q')).toBe('python3');
    expect(startsLineProgram('python3')).toBe(true);
    expect(startsLineProgram('nc 10.0.0.5 4444')).toBe(true);
    expect(startsLineProgram('bash')).toBe(false);
    expect(startsLineProgram('ls -la')).toBe(false);
    expect(programName(`bash -c 'read -r -p "value> " v; echo "$v"'`)).toBe('read');
    expect(programName('sh -c "python3 -q"')).toBe('python3');
  });

  it('tells shells and multiplexers from commands that run one thing', () => {
    expect(programKind('bash')).toBe('shell');
    expect(programKind('sh')).toBe('shell');
    expect(programKind('bash script.sh')).toBe('other');
    expect(programKind('su - tempuser')).toBe('shell');
    expect(programKind('su - tempuser -c id')).toBe('other');
    expect(programKind('sudo -i')).toBe('shell');
    expect(programKind('ssh web02')).toBe('shell');
    expect(programKind('ssh web02 uptime')).toBe('other');
    expect(programKind('docker exec -it app sh')).toBe('shell');
    expect(programKind('tmux new -s work')).toBe('multiplexer');
    expect(programKind('tmux attach -t work')).toBe('multiplexer');
    expect(programKind('tmux ls')).toBe('other');
    expect(programKind('screen -r ops')).toBe('multiplexer');
    expect(programKind('screen -ls')).toBe('other');
    expect(programKind('cat')).toBe('line-program');
    expect(programKind('cat /etc/hosts')).toBe('other');
    expect(programKind('cat > notes.txt')).toBe('line-program');
    expect(programKind('cat 2>/dev/null')).toBe('line-program');
  });
});

describe('the width a shell draws for', () => {
  it("reads zsh's end-of-line padding (COLUMNS - 1 spaces after its mark)", () => {
    const pad = (cols: number): string => `\x1b[1m\x1b[7m%\x1b[27m\x1b[1m\x1b[0m${' '.repeat(cols - 1)}\r \r`;
    const chunk = Buffer.from(`no newline${pad(90)}\r\x1b[0m\x1b[27m\x1b[24m\x1b[Jkai@box ~ % `);
    expect(zshWidths(chunk).map((w) => w.cols)).toEqual([90]);
    expect(zshWidths(Buffer.from(`plain text${' '.repeat(79)}\r \r`))).toEqual([]); // no drawn mark before it
  });

  it("reads how far zsh steps back over its right prompt (holdout-zsh's bytes at 80 and 64 columns)", () => {
    const at80 = Buffer.from('\x1b[32m»\x1b[39m \x1b[K\x1b[59C\x1b[35mrec-box\x1b[39m 14:39:11\x1b[75D');
    expect(zshRightPrompts(at80)).toEqual([{ at: 13, back: 75 }]); // after 5 + 2 (») + 5 + 1 bytes
    const at64 = Buffer.from('\x1b[K\x1b[43C\x1b[35mrec-box\x1b[39m 14:39:09\x1b[59D\x1b[?1h');
    expect(zshRightPrompts(at64)).toEqual([{ at: 0, back: 59 }]);
    // drawn after Ctrl-K, then the cursor goes elsewhere: no width in it
    expect(zshRightPrompts(Buffer.from('\x1b[K\x1b[13Crec-box 14:38:34\x1b[1B\r\x1b[K\x1b[A\x1b[50C'))).toEqual([]);
    // a motion back that is not past the text, or no text at all
    expect(zshRightPrompts(Buffer.from('\x1b[K\x1b[10Cab\x1b[5D'))).toEqual([]);
    expect(zshRightPrompts(Buffer.from('\x1b[K\x1b[10C\x1b[10D'))).toEqual([]);
  });
});
