# shellcheck shell=bash
# History recall: the executed command comes from bash's history list, not from typed characters.
DESCRIPTION="History recall: Up-arrow recall then edit; Up three times then Down; Ctrl-R reverse search then edit before Enter; Ctrl-R then Enter directly; Ctrl-R pressed again to reach an older match; !! and ^old^new history expansion (bash prints the expanded line, history stores it); Alt-. inserting the last argument of the previous command"
WIDTH=80
HEIGHT=24
HARD_CASES=(up-arrow-recall up-arrow-edit up-up-down ctrl-r-search ctrl-r-edit ctrl-r-enter ctrl-r-repeat history-expansion-bang-bang quick-substitution alt-dot-last-argument)
NOT_COMMANDS=(
  "!!"
  "^alpha^omega"
)

keys() {
  cmd "echo alpha"
  cmd "echo beta"
  cmd "printf 'gamma %s\n' 3"
  # Up recalls the printf; Backspace the 3, type 4
  pause 0.5
  key Up
  pause 0.6
  key BSpace
  typ "4"
  enter
  # Up x3 -> "echo beta", Down -> "printf ... 3", run it
  pause 0.4
  key Up
  pause 0.3
  key Up
  pause 0.3
  key Up
  pause 0.5
  key Down
  enter
  # Ctrl-R "alp" finds "echo alpha"; End leaves the search, append " again"
  key C-r
  typ "alp"
  pause 0.6
  key End
  typ " again"
  enter
  # Ctrl-R "bet" + Enter runs "echo beta" directly
  key C-r
  typ "bet"
  pause 0.6
  enter
  # Ctrl-R "gamma", Ctrl-R again -> the older match (printf ... 4 then ... 3), Enter
  key C-r
  typ "gamma"
  pause 0.5
  key C-r
  pause 0.5
  key C-r
  pause 0.6
  enter
  # history expansion
  cmd "!!"
  cmd "echo alpha"
  cmd "^alpha^omega"
  # Alt-. inserts the last argument of the previous command
  cmd "ls -d /usr/share"
  typ "cd "
  key M-.
  enter
  cmd "cd"
  cmd "exit"
}
