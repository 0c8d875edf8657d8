# shellcheck shell=bash
# tmux panes side by side and one above the other: each pane is a shell of its own.
DESCRIPTION="tmux 3.3a inside the recorded bash, its window split into panes: Ctrl-B % splits it side by side (two bash panes, 39 columns each, separated by a vertical border), commands run in both (Ctrl-B o moves between them; a long command wraps inside its pane), Ctrl-B \" splits the right pane top and bottom and sh (dash) runs there, python3 runs in the left pane, then every pane is closed with exit. Each bash writes bash_history.tmux; the sh lines are logged as typed; the truth merges them by time"
WIDTH=80
HEIGHT=24
MAIN_LABEL="bash (outer)"
NESTED_HISTORY=(
  "@time|bash_history.tmux|bash in tmux pane|bash"
  "@time|typed_history.sh-in-tmux-pane|sh in tmux pane|typed"
)
HARD_CASES=(tmux-vertical-split pane-border tmux-horizontal-split switch-pane wrap-inside-pane sh-in-pane python3-in-pane exit-panes)
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|print('left pane')"
  "python3|exit()"
)
NOT_COMMANDS=("print('left pane')" "exit()")

setup() {
  write_nested_bashrc "$REC_HOME/.bashrc" "$REC_WORK/bash_history.tmux"
  printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' >"$REC_HOME/.bash_profile"
}

keys() {
  cmd "echo outer before panes"
  pause 1.1
  cmd "tmux new -s panes" 1.0
  cmd "echo left pane"
  pause 1.1
  key C-b %
  settle 0.8
  cmd "echo right pane"
  cmd "echo a long command in the right pane that wraps inside it"
  pause 1.1
  key C-b o
  settle 0.6
  cmd "echo left again"
  pause 1.1
  key C-b o
  settle 0.6
  key C-b '"'
  settle 0.8
  cmd "sh" 0.6
  shcmd sh-in-tmux-pane "echo sh below right" "sh below right"
  pause 1.1
  key C-b o
  settle 0.6
  cmd "python3 -q" 0.8
  cmd "print('left pane')"
  cmd "exit()" 0.5
  cmd "exit" 0.8
  pause 1.1
  typ "exit"
  log_typed sh-in-tmux-pane "exit" ""
  enter 0.6
  cmd "exit" 0.8
  pause 1.1
  cmd "exit" 1.0
  pause 1.1
  cmd "echo outer after panes"
  cmd "exit"
}
