/**
 * What a shell command starts, judged from its text: another shell (its lines are shell
 * commands), a terminal multiplexer (tmux, screen: each window a shell), a program that reads
 * lines of its own (a REPL, a database shell: its lines are program input), or anything else.
 */
export type ProgramKind = 'shell' | 'multiplexer' | 'line-program' | 'other';

/** Programs that read lines of their own: while one runs, the lines typed into it are program input. */
const LINE_PROGRAMS = new Set([
  'python',
  'python2',
  'python3',
  'ipython',
  'ipython3',
  'bpython',
  'node',
  'nodejs',
  'deno',
  'bun',
  'irb',
  'pry',
  'php',
  'lua',
  'luajit',
  'R',
  'ghci',
  'scala',
  'jshell',
  'julia',
  'erl',
  'iex',
  'ocaml',
  'guile',
  'racket',
  'sbcl',
  'gdb',
  'lldb',
  'pdb',
  'psql',
  'mysql',
  'mariadb',
  'sqlite3',
  'redis-cli',
  'valkey-cli',
  'mongo',
  'mongosh',
  'cqlsh',
  'clickhouse-client',
  'influx',
  'sqlplus',
  'duckdb',
  'nc',
  'ncat',
  'netcat',
  'telnet',
  'socat',
  'openssl',
  'ftp',
  'sftp',
  'lftp',
  'bc',
  'dc',
  'ed',
  'nslookup',
  'gpg',
  'fdisk',
  'gdisk',
  'parted',
  'debugfs',
  'virsh',
  'read',
  'cat',
]);

const SHELLS = new Set([
  'bash',
  'sh',
  'dash',
  'ash',
  'zsh',
  'ksh',
  'mksh',
  'ksh93',
  'yash',
  'fish',
  'csh',
  'tcsh',
  'busybox',
  'rbash',
]);

const MULTIPLEXERS = new Set(['tmux', 'screen', 'byobu', 'zellij', 'dtach', 'abduco']);

/** Programs that run the rest of the command line as another command (past their own options). */
const WRAPPERS = new Set([
  'sudo',
  'doas',
  'env',
  'exec',
  'nohup',
  'time',
  'nice',
  'ionice',
  'stdbuf',
  'command',
  'builtin',
  'timeout',
  'rlwrap',
  'chroot',
  'runuser',
  'setsid',
  'unbuffer',
]);

/** Wrapper options that take a value as the next word (sudo -u USER, nice -n 10, timeout -s SIG). */
const VALUE_OPTIONS = new Set([
  '-u',
  '-g',
  '-h',
  '-p',
  '-C',
  '-D',
  '-R',
  '-T',
  '-U',
  '-r',
  '-t',
  '-n',
  '-s',
  '-k',
  '-o',
  '-e',
  '-S',
]);

/** sudo and su options that start a shell of the target user. */
const SHELL_OPTIONS = new Set(['-i', '-s', '--login', '--shell']);

/** Splits a command line into words as a shell would: quotes and backslashes removed, nothing expanded. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c) || c === ';' || c === '|' || c === '&') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      if (c !== ' ' && c !== '\t' && c !== '\n') break; // the first command of a list or pipeline
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

interface Started {
  name: string;
  kind: ProgramKind;
}

const MAX_DEPTH = 4;

/** The program a command line starts, past sudo/env/time and their options, and inside `bash -c '...'`. */
function started(command: string, depth = 0): Started | null {
  const words = shellWords(command.trim());
  let skipValue = false;
  let wrapper: string | null = null;
  let shellOption = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.replace(/^.*\//, '');
    if (skipValue) {
      skipValue = false;
      continue;
    }
    if (w === '' || /^\w+=/.test(words[i]!) || (wrapper !== null && /^\d+(\.\d+)?[smhd]?$/.test(w))) continue;
    if (WRAPPERS.has(w)) {
      wrapper = w;
      continue;
    }
    if (w.startsWith('-')) {
      if (wrapper !== null && SHELL_OPTIONS.has(w) && (wrapper === 'sudo' || wrapper === 'doas')) shellOption = true;
      skipValue = wrapper !== null && VALUE_OPTIONS.has(w);
      continue;
    }
    return classify(w, words.slice(i + 1), depth);
  }
  // `sudo -i`, `sudo -s`: a shell of the target user
  return shellOption ? { name: 'sh', kind: 'shell' } : null;
}

function classify(name: string, args: string[], depth: number): Started {
  if (SHELLS.has(name)) {
    const c = args.indexOf('-c');
    if (c >= 0 && args[c + 1] !== undefined) {
      // bash -c '...': what runs is the command inside
      const inner = depth < MAX_DEPTH ? started(args[c + 1]!, depth + 1) : null;
      return inner ?? { name, kind: 'other' };
    }
    // a script to run is not an interactive shell (`sh -i` and options are)
    const script = args.find((a) => !a.startsWith('-'));
    if (name === 'busybox') return { name: 'sh', kind: script === 'sh' || script === 'ash' ? 'shell' : 'other' };
    return { name, kind: script === undefined ? 'shell' : 'other' };
  }
  if (name === 'su') return { name, kind: args.includes('-c') || args.includes('--command') ? 'other' : 'shell' };
  if (name === 'ssh' || name === 'mosh') {
    // ssh HOST is a remote shell; ssh HOST COMMAND runs one command
    const rest = args.filter(
      (a, i) => !a.startsWith('-') && !(i > 0 && /^-[bcDEeFIiJLlmOopQRSWw]$/.test(args[i - 1]!)),
    );
    return { name, kind: rest.length <= 1 ? 'shell' : 'other' };
  }
  if (name === 'docker' || name === 'podman' || name === 'kubectl') {
    const inner = args.find((a) => SHELLS.has(a.replace(/^.*\//, '')));
    return { name, kind: args.includes('exec') && inner !== undefined ? 'shell' : 'other' };
  }
  if (MULTIPLEXERS.has(name)) return { name, kind: startsSession(name, args) ? 'multiplexer' : 'other' };
  if (name === 'cat' && withoutRedirections(args).some((a) => !a.startsWith('-') || a === '-'))
    return { name, kind: 'other' }; // cat FILE prints it; cat, cat > FILE read what is typed
  return { name, kind: LINE_PROGRAMS.has(name) ? 'line-program' : 'other' };
}

/** Arguments without output redirections (`> file`, `>>file`, `2>/dev/null`); an input redirection stays (cat < f reads f). */
function withoutRedirections(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^\d*>>?&?$/.test(a)) i++;
    else if (!/^\d*>/.test(a)) out.push(a);
  }
  return out;
}

/** tmux/screen commands that put the user into a session (not `tmux ls`, `screen -ls`). */
function startsSession(name: string, args: string[]): boolean {
  if (name === 'tmux') {
    const verb = args.find((a, i) => !a.startsWith('-') && !(i > 0 && /^-[LSf]$/.test(args[i - 1]!)));
    return (
      verb === undefined ||
      /^(new|new-session|attach|attach-session|a|at|att|new-window|switch|switch-client)$/.test(verb)
    );
  }
  if (name === 'screen') return !args.some((a) => /^-(ls|list|wipe|X|Q|v|version|help)$/.test(a));
  return true;
}

/** The program a command line starts, e.g. "python3" for `sudo -u app env X=1 /usr/bin/python3 -q`. */
export function programName(command: string): string | null {
  return started(command)?.name ?? null;
}

export function programKind(command: string): ProgramKind {
  return started(command)?.kind ?? 'other';
}

export function startsLineProgram(command: string): boolean {
  return programKind(command) === 'line-program';
}
