# shellcheck shell=bash
# The terminal is resized while a line is being typed.
DESCRIPTION="Terminal resized while a line is being typed (bash, readline): a long command is half typed at 80 columns, the window shrinks to 60x20 (SIGWINCH: readline redraws the line at the new width; the rows already on screen are not reflowed), the rest is typed and run; another long line is started at 60 columns, the window grows to 100x30 in the middle of it, then Alt-b and an insert before Enter; and a resize between two commands with an output wider than the new width"
WIDTH=80
HEIGHT=24
HARD_CASES=(resize-while-typing shrink grow edit-after-resize wrapped-line-redraw sigwinch)

keys() {
  cmd "echo before resize"
  typ "echo this line is typed at eighty columns and then"
  pause 0.4
  resize 60 20
  pause 0.6
  typ " the window gets narrower while it is typed, ok"
  enter
  typ "echo second long line started at sixty columns wide"
  pause 0.4
  resize 100 30
  pause 0.6
  typ " and finished at one hundred"
  key M-b M-b
  typ "nearly "
  enter
  cmd "seq -s ' ' 1 40"
  resize 70 24
  cmd "echo \"\$COLUMNS\""
  cmd "exit"
}
