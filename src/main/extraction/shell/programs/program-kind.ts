/**
 * Programs that read lines of their own (REPLs, database shells, network clients). While one
 * runs, the lines typed into it are program-input, not shell commands. Nested shells need no
 * list: their lines are shell commands like the outer shell's.
 */
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
  'gdb',
  'lldb',
  'psql',
  'mysql',
  'mariadb',
  'sqlite3',
  'redis-cli',
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
  'parted',
  'debugfs',
  'virsh',
]);
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
  '-c',
  '-o',
  '-e',
  '-i',
  '-S',
]);

/** The program a command line starts, past sudo/env/time and their options, e.g. "python3". */
export function programName(command: string): string | null {
  let skipValue = false;
  let inWrapper = false;
  for (const word of command.trim().split(/\s+/)) {
    const w = word.replace(/^.*\//, '');
    if (skipValue) {
      skipValue = false;
      continue;
    }
    if (w === '' || /^\w+=/.test(w) || /^\d+(\.\d+)?[smhd]?$/.test(w)) continue;
    if (WRAPPERS.has(w)) {
      inWrapper = true;
      continue;
    }
    if (w.startsWith('-')) {
      skipValue = inWrapper && VALUE_OPTIONS.has(w);
      continue;
    }
    return w;
  }
  return null;
}

export function startsLineProgram(command: string): boolean {
  const name = programName(command);
  return name !== null && LINE_PROGRAMS.has(name);
}
