# shellcheck shell=bash
# Held out: screen, dash and REPL kinds typed differently, recorded after the extractor was built.
DESCRIPTION="A second take on screen, sh and REPLs, recorded after the extractor was built and not used to build it (root): screen -S hs; window 0 bash; Ctrl-A c opens window 1 where dash runs lines fixed with Backspace and Ctrl-W, and a line typed ahead during sleep; Ctrl-A 0 back (repaint), node with a function over '... ' lines; Ctrl-A n to window 1 again; Ctrl-A d detaches, the outer shell runs a command, screen -r re-attaches; the windows are closed with exit. bash in screen writes bash_history.screen; the dash lines are logged as typed; the truth merges them by time"
WIDTH=80
HEIGHT=24
MAIN_LABEL="bash (outer)"
NESTED_HISTORY=(
  "@time|bash_history.screen|bash in screen|bash"
  "@time|typed_history.dash-in-screen|dash in screen|typed"
)
HARD_CASES=(screen-inside new-window dash-in-screen tty-backspace tty-werase typeahead-cooked switch-window-repaint node-multiline detach reattach-repaint exit-windows)
PROGRAM_INPUTS=(
  "@node"
  "node|function twice(n) {"
  "node|return 2 * n"
  "node|}"
  "node|twice(21)"
  "node|.exit"
)
NOT_COMMANDS=("echo tpyo" "function twice(n) {" "twice(21)")

setup() {
  write_nested_bashrc "$REC_HOME/.bashrc" "$REC_WORK/bash_history.screen"
  printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' >"$REC_HOME/.bash_profile"
}

keys() {
  cmd "echo outer first"
  pause 1.1
  cmd "screen -S hs" 1.0
  cmd "echo screen zero"
  pause 1.1
  key C-a c
  settle 0.8
  cmd "dash" 0.6
  typ "echo tpyo"
  keyn 3 BSpace
  typ "ypo fixed"
  pause 0.3
  log_typed dash-in-screen "echo typo fixed" "typo fixed"
  enter
  typ "echo one two"
  key C-w
  typ "three"
  pause 0.3
  log_typed dash-in-screen "echo one three" "one three"
  enter
  shcmd dash-in-screen "sleep 3" "" 0.2
  pause 0.3
  typ "echo dash ahead"
  pause 0.2
  log_typed dash-in-screen "echo dash ahead" "dash ahead"
  key Enter
  pause 3.5
  settle
  pause 1.1
  key C-a 0
  settle 0.6
  cmd "node" 1.0
  cmd "function twice(n) {"
  cmd "return 2 * n"
  cmd "}"
  cmd "twice(21)"
  cmd ".exit" 0.5
  pause 1.1
  key C-a n
  settle 0.6
  shcmd dash-in-screen "echo dash again" "dash again"
  pause 1.1
  key C-a d
  settle 0.8
  cmd "echo outer detached"
  pause 1.1
  cmd "screen -r hs" 1.0
  log_typed dash-in-screen "exit" ""
  typ "exit"
  enter 0.6
  cmd "exit" 0.8
  pause 1.1
  cmd "exit" 1.0
  pause 1.1
  cmd "echo outer last"
  cmd "exit"
}
