# shellcheck shell=bash
# Commands typed over several lines (PS2 "> " continuation prompts).
DESCRIPTION="Multi-line commands typed by hand (120x40): a while loop and a for loop over several PS2 '> ' lines, a here-document (cat <<EOF ... EOF), a backslash-continued command, a double-quoted string with an embedded newline, a function defined over three lines and then called, and an if/else. With lithist each is one history entry with embedded newlines"
WIDTH=120
HEIGHT=40
HARD_CASES=(ps2-continuation while-loop for-loop here-document backslash-continuation quoted-newline function-definition if-else history-entry-with-newlines)

keys() {
  cmd "i=0"
  typ "while [ \$i -lt 2 ]; do"
  enter
  typ "  i=\$((i+1))"
  enter
  typ "  echo \"loop \$i\""
  enter
  typ "done"
  enter
  typ "for x in red green; do"
  enter
  typ "echo \$x"
  enter
  typ "done"
  enter
  # here-document
  typ "cat <<EOF"
  enter
  typ "first line"
  enter
  typ "second \$HOME"
  enter
  typ "EOF"
  enter
  # backslash continuation
  typ "echo one \\"
  enter
  typ "two"
  enter
  # a quoted newline
  typ "echo \"line a"
  enter
  typ "line b\""
  enter
  # function over three lines
  typ "greet() {"
  enter
  typ "  echo \"hi \$1\""
  enter
  typ "}"
  enter
  cmd "greet bob"
  # if / else
  typ "if [ -d /tmp ]; then echo yes"
  enter
  typ "else echo no"
  enter
  typ "fi"
  enter
  cmd "exit"
}
