# shellcheck shell=bash
# Interactive programs that read lines: what is typed there are program inputs, not commands.
DESCRIPTION="Lines typed into programs, not into the shell: the python3 REPL (>>> prompt, readline, print(6*7), import os, exit()), the sqlite3 shell on /tmp/rec.db (sqlite> prompt, create/insert/select, .quit), cat reading stdin in cooked mode (the tty echoes, Ctrl-D ends it) and bash's read builtin with a visible prompt. Only the lines at the bash prompt are commands"
WIDTH=80
HEIGHT=24
HARD_CASES=(python-repl sqlite3-shell cat-stdin-cooked-mode ctrl-d-eof read-builtin-prompt program-prompts-look-like-shell-prompts)
PROGRAM_INPUTS=(
  "@python3"
  "python3|print(6*7)"
  "python3|import os"
  "python3|os.getuid() == 0"
  "python3|exit()"
  "@sqlite3 /tmp/rec.db"
  "sqlite3|create table t(x);"
  "sqlite3|insert into t values(1);"
  "sqlite3|select * from t;"
  "sqlite3|.quit"
  "@cat"
  "cat|first line"
  "cat|second line"
  "@read -p \"Name: \" name"
  "read|Alice"
)
NOT_COMMANDS=()
for _p in "${PROGRAM_INPUTS[@]}"; do [[ $_p == @* ]] || NOT_COMMANDS+=("${_p#*|}"); done
unset _p

setup() {
  rm -f /tmp/rec.db
}

keys() {
  cmd "python3" 0.8
  cmd "print(6*7)"
  cmd "import os"
  cmd "os.getuid() == 0"
  cmd "exit()" 0.5
  cmd "sqlite3 /tmp/rec.db" 0.5
  cmd "create table t(x);"
  cmd "insert into t values(1);"
  cmd "select * from t;"
  cmd ".quit"
  cmd "cat"
  cmd "first line"
  cmd "second line"
  pause 0.4
  key C-d
  settle
  cmd "read -p \"Name: \" name"
  cmd "Alice"
  cmd "echo \"hi \$name\""
  cmd "exit"
}
