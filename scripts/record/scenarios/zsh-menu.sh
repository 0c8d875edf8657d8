# shellcheck shell=bash
# zsh with menu selection, a short default-like prompt, sh and python3 started from it.
DESCRIPTION="zsh 5.9 as root with a short prompt ('%n@%m %1~ %# ' with the host name set to rec-box) and menu selection for completion (zstyle menu select: Tab twice draws a menu of candidates below the line, arrows move the highlight, Enter takes it, another Enter runs the line); Up-arrow recall edited with Ctrl-A and Alt-f; Ctrl-R then Right-arrow then edit; !!:p; a long wrapped line edited with Alt-b; sh (dash) started from zsh with a Backspace-corrected command; python3 from zsh with an if block; exit"
WIDTH=80
HEIGHT=24
SHELL_KIND=zsh
RC_EXTRA="PROMPT='%n@rec-box %1~ %# '
zstyle ':completion:*' menu select"
MAIN_LABEL="zsh"
# zsh keeps what !!:p printed in its history, unrun
HISTORY_NOT_EXECUTED=("@2|echo f and moreirst")
NESTED_HISTORY=("sh|typed_history.sh-from-zsh|sh (dash) from zsh|typed")
HARD_CASES=(zsh-menu-select short-prompt up-arrow-edit ctrl-r-right-arrow bang-bang-print-only long-line-alt-b sh-from-zsh tty-backspace-in-sh python3-from-zsh)
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|if 2 > 1:"
  "python3|    print('two wins')"
  "python3|exit()"
)
NOT_COMMANDS=("if 2 > 1:" "exit()")

setup() {
  mkdir -p /tmp/rec-menu/alpha-dir /tmp/rec-menu/beta-dir /tmp/rec-menu/gamma-dir
}

keys() {
  cmd "cd /tmp/rec-menu"
  typ "ls -d "
  key Tab
  pause 0.6
  key Tab
  pause 0.6
  key Right
  pause 0.5
  key Enter
  pause 0.5
  enter
  cmd "echo first"
  cmd "echo second"
  pause 0.4
  key Up
  pause 0.4
  key C-a
  key M-f
  typ " again"
  enter
  key C-r
  typ "first"
  pause 0.5
  key Right
  typ " and more"
  enter
  cmd "!!:p"
  typ "echo this is a rather long line in zsh that goes on past the right edge of the terminal window"
  key M-b M-b M-b
  typ "REALLY "
  enter
  cmd "sh" 0.6
  typ "echo from shh"
  key BSpace
  typ " too"
  log_typed sh-from-zsh "echo from sh too" "from sh too"
  enter
  typ "exit"
  log_typed sh-from-zsh "exit" ""
  enter 0.5
  cmd "python3 -q" 0.8
  cmd "if 2 > 1:"
  cmd "    print('two wins')"
  enter
  cmd "exit()" 0.5
  cmd "exit"
}
