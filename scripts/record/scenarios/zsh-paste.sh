# shellcheck shell=bash
# zsh: pastes, Ctrl-L and vi keys.
DESCRIPTION="zsh 5.9 as root (default-like prompt 'root@rec-box ~ # '): a bracketed paste of two lines run with one Enter, a paste then typed text, Ctrl-L in the middle of a line, clear, then vi keys (bindkey -v): a typo fixed in command mode with x, a word changed with cw, history with k"
WIDTH=80
HEIGHT=24
SHELL_KIND=zsh
HARD_CASES=(zsh-bracketed-paste-two-lines zsh-paste-then-type zsh-ctrl-l zsh-clear zsh-vi-mode zsh-vi-x zsh-vi-cw zsh-vi-k)
NOT_COMMANDS=("echo typpo")

keys() {
  cmd "echo before paste"
  paste $'echo pasted one\necho pasted two\n'
  settle 0.6
  enter
  paste 'echo pasted'
  typ " and typed"
  enter
  typ "echo zsh cleared"
  pause 0.4
  key C-l
  pause 0.5
  typ " mid-line"
  enter
  cmd "clear"
  cmd "bindkey -v"
  typ "echo typpo"
  key Escape
  key x
  enter
  typ "echo red green"
  key Escape
  key b
  key c w
  typ "blue"
  enter
  key Escape
  key k
  key k
  enter
  cmd "exit"
}
