# shellcheck shell=bash
# Multi-line input to REPLs: every line belongs to the program, and to the command that started it.
DESCRIPTION="Multi-line blocks typed into REPLs started from bash: python3 (a def and a for loop over '... ' continuation prompts, each ended by an empty line, then exit()), sqlite3 (a create table, an insert and a select each spread over several lines at the '   ...> ' prompt, then .quit), and a nested 'bash -c' whose read builtin prompts 'value> '. Each typed line is a program input of the program (python3, sqlite3, read) and of the shell command that started it; the empty lines that end python blocks carry no text and are not counted"
WIDTH=80
HEIGHT=24
HARD_CASES=(python3-multiline-def python3-for-block python3-continuation-prompt sqlite3-multiline-statements sqlite3-continuation-prompt bash-c-read)
PROGRAM_INPUTS=(
  "@python3"
  "python3|def square(n):"
  "python3|    return n * n"
  "python3|for i in range(3):"
  "python3|    print(i, square(i))"
  "python3|exit()"
  "@sqlite3 /tmp/rec-blocks.db"
  "sqlite3|create table users("
  "sqlite3|  id integer primary key,"
  "sqlite3|  name text"
  "sqlite3|);"
  "sqlite3|insert into users(name)"
  "sqlite3|values ('ann'), ('bob');"
  "sqlite3|select name"
  "sqlite3|from users"
  "sqlite3|where id > 1;"
  "sqlite3|.quit"
  "@bash -c 'read -r -p \"value> \" v; echo \"got \$v\"'"
  "read|forty-two"
)
NOT_COMMANDS=()
for _p in "${PROGRAM_INPUTS[@]}"; do [[ $_p == @* ]] || NOT_COMMANDS+=("${_p#*|}"); done
unset _p

setup() {
  rm -f /tmp/rec-blocks.db
}

keys() {
  cmd "python3" 0.8
  cmd "def square(n):"
  cmd "    return n * n"
  enter
  cmd "for i in range(3):"
  cmd "    print(i, square(i))"
  enter
  cmd "exit()" 0.5
  cmd "sqlite3 /tmp/rec-blocks.db" 0.5
  cmd "create table users("
  cmd "  id integer primary key,"
  cmd "  name text"
  cmd ");"
  cmd "insert into users(name)"
  cmd "values ('ann'), ('bob');"
  cmd "select name"
  cmd "from users"
  cmd "where id > 1;"
  cmd ".quit"
  cmd "bash -c 'read -r -p \"value> \" v; echo \"got \$v\"'"
  cmd "forty-two"
  cmd "echo blocks done"
  cmd "exit"
}
