# shellcheck shell=bash
# zsh with a two-line prompt ending in a non-ASCII character, type-ahead, resize, :p, REPL, secrets.
DESCRIPTION="zsh 5.9 as the user recuser with a two-line prompt (first line '┌ recuser@rec-box /path', second line '└❯ ') and a right prompt that disappears from accepted lines (TRANSIENT_RPROMPT): a line typed ahead while sleep runs (zsh reads it after), a typed-ahead line thrown away with Ctrl-C, the window resized from 80x24 to 90x26 in the middle of a line, !echo:p (zsh prints the line and keeps it in history: it never ran), a multi-line if at the 'then>' prompt, python3 started from zsh with a for block, and passwords for openssl passwd (asked once) and su - recpeer (echo off)"
WIDTH=80
HEIGHT=24
SHELL_KIND=zsh
RC_EXTRA="PROMPT=\$'%F{blue}┌ %n@rec-box %~%f\\n%F{blue}└❯%f '
RPROMPT='%F{242}%*%f'
setopt TRANSIENT_RPROMPT"
HARD_CASES=(two-line-prompt prompt-ends-in-non-ascii transient-rprompt typeahead-zsh typeahead-discarded-by-ctrl-c resize-while-typing history-print-only if-continuation python3-from-zsh openssl-password su-password)
# zsh keeps what !echo:p printed in its history without running it
HISTORY_NOT_EXECUTED=("@2|echo resized while typing this line")
SECRETS=("Open-Ssl-pw9" "peer-Pass-42")
NOT_COMMANDS=("Open-Ssl-pw9" "peer-Pass-42" "echo discarded" "!echo:p")
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|for w in ['a', 'b']:"
  "python3|    print(w.upper())"
  "python3|exit()"
)

RUN_AS=recuser

setup() {
  ensure_user recuser "rec-Pass-77"
  ensure_user recpeer "peer-Pass-42"
}

keys() {
  cmd "echo zsh more"
  # type-ahead: read by zsh after sleep
  cmd "sleep 4" 0.2
  pause 0.3
  typ "echo typed ahead in zsh"
  key Enter
  pause 4.5
  settle
  # type-ahead thrown away by Ctrl-C
  cmd "sleep 30" 0.2
  pause 0.3
  typ "echo discarded"
  key Enter
  pause 0.6
  key C-c
  settle
  # resize in the middle of a line
  typ "echo resized while typing this"
  pause 0.3
  resize 90 26
  pause 0.5
  typ " line"
  enter
  # :p prints only
  cmd "!echo:p"
  # if over continuation prompts
  typ "if [[ -d /etc ]]"
  enter
  typ "then echo etc exists"
  enter
  typ "fi"
  enter
  # python3 with a block
  cmd "python3 -q" 0.8
  cmd "for w in ['a', 'b']:"
  cmd "    print(w.upper())"
  enter
  cmd "exit()" 0.5
  # passwords
  cmd "openssl passwd -6 -salt rec" 0.5
  pause 0.4
  typ "Open-Ssl-pw9"
  enter
  cmd "su - recpeer -c id" 0.5
  pause 0.5
  typ "peer-Pass-42"
  enter 1.0
  cmd "exit"
}
