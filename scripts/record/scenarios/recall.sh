# shellcheck shell=bash
# Reverse search left with Right-arrow, a custom PS2, and history expansion that only prints.
DESCRIPTION="bash history features that change what runs: Ctrl-R finds an older command and Right-arrow leaves the search (the line stays, the cursor one character past the start of the match) and it is edited there before Enter (one command, not two: 'echo recall t editedarget'); PS2 set to a middle dot and a space ('· ') and a for loop typed over three lines at it (one history entry); !echo:p prints the expanded line and puts it in history without running it (it never ran); !!:p likewise; then !! and !-2 that do run"
WIDTH=80
HEIGHT=24
HARD_CASES=(ctrl-r-right-arrow ctrl-r-then-edit custom-ps2 loop-at-custom-ps2 history-print-only bang-bang-print-only bang-minus-n)
# Right-arrow leaves the search with the cursor one character past the start of the match, so the
# edit lands inside the word. bash adds what !echo:p and !!:p print to history (the 2nd and 3rd
# "echo recall t editedarget"), unrun
HISTORY_NOT_EXECUTED=("@2|echo recall t editedarget" "@3|echo recall t editedarget")
NOT_COMMANDS=("!echo:p" "!!:p")

keys() {
  cmd "echo recall target"
  cmd "ls -d /var/log"
  # Ctrl-R "target", Right-arrow leaves the search, append, run
  key C-r
  typ "target"
  pause 0.6
  key Right
  pause 0.3
  typ " edited"
  enter
  # custom PS2
  cmd "PS2='· '"
  typ "for n in 1 2 3"
  enter
  typ "do echo \"n=\$n\""
  enter
  typ "done"
  enter
  # history expansion that only prints (and records) the line
  cmd "!echo:p"
  cmd "!!:p"
  cmd "echo after print"
  cmd "!!"
  cmd "!-3"
  cmd "exit"
}
