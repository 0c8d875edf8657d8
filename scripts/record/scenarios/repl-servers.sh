# shellcheck shell=bash
# Database and language shells started from bash: psql, node, redis-cli, irb.
DESCRIPTION="Interactive clients started from bash: psql as the postgres user (sudo -u postgres psql; a query over two lines at the 'postgres-# ' prompt, a backslash command, \\q), the node REPL (a const, an arrow function over '... ' lines, .exit; node previews results in grey as one types), redis-cli against a local redis-server (set, get, quit) and irb (a block over two lines, exit). Each typed line is a program input of its program and of the shell command that started it"
WIDTH=100
HEIGHT=30
HARD_CASES=(psql-prompt psql-multiline-query psql-backslash-command node-repl node-multiline node-preview redis-cli irb irb-multiline)
PROGRAM_INPUTS=(
  "@sudo -u postgres psql"
  "psql|select 6 *"
  "psql|7 as answer;"
  "psql|\\conninfo"
  "psql|\\q"
  "@node"
  "node|const xs = [1, 2, 3]"
  "node|xs.map(x => {"
  "node|return x * 2"
  "node|})"
  "node|.exit"
  "@redis-cli"
  "redis-cli|set greeting hello"
  "redis-cli|get greeting"
  "redis-cli|quit"
  "@irb"
  "irb|[1, 2].each do |n|"
  "irb|puts n * 10"
  "irb|end"
  "irb|exit"
)
NOT_COMMANDS=()
# (irb's exit is typed into irb; the shell's own exit ends the session)
for _p in "${PROGRAM_INPUTS[@]}"; do [[ $_p == @* || $_p == "irb|exit" ]] || NOT_COMMANDS+=("${_p#*|}"); done
unset _p

setup() {
  pg_ctlcluster 15 main start
  redis-server --daemonize yes --port 6379 --save '' --appendonly no >/dev/null
  sleep 0.5
}

collect() {
  redis-cli shutdown nosave >/dev/null 2>&1 || true
  pg_ctlcluster 15 main stop || true
}

keys() {
  cmd "sudo -u postgres psql" 1.0
  cmd "select 6 *"
  cmd "7 as answer;"
  cmd "\\conninfo"
  cmd "\\q" 0.5
  cmd "node" 1.0
  cmd "const xs = [1, 2, 3]"
  cmd "xs.map(x => {"
  cmd "return x * 2"
  cmd "})"
  cmd ".exit" 0.5
  cmd "redis-cli" 0.5
  cmd "set greeting hello"
  cmd "get greeting"
  cmd "quit" 0.5
  cmd "irb" 1.5
  cmd "[1, 2].each do |n|"
  cmd "puts n * 10"
  cmd "end"
  cmd "exit" 0.5
  cmd "echo clients done"
  cmd "exit"
}
