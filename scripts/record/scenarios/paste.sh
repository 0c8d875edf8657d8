# shellcheck shell=bash
# Pasted text: arrives in one burst, wrapped in ESC[200~ ... ESC[201~ (bracketed paste).
DESCRIPTION="Pasting (tmux paste-buffer, which like xterm sends newlines as CR): a bracketed paste of a single-line command then Enter; a bracketed paste of three lines each ending in a newline; a bracketed paste of a multi-line for loop; a paste followed by typed text before Enter; and the same three-line paste without bracketed-paste markers (a terminal without support), where every CR runs a line at once"
WIDTH=80
HEIGHT=24
HARD_CASES=(bracketed-paste-single-line bracketed-paste-multi-line bracketed-paste-for-loop paste-then-type unbracketed-paste-multi-line paste-cr-not-lf)

keys() {
  cmd "echo before paste"
  # 1. single line, then Enter
  paste 'echo "pasted single line"'
  enter
  # 2. three commands, each ending in a newline
  paste $'echo one\necho two\necho three\n'
  settle 0.6
  enter
  # 3. a for loop over three lines
  paste $'for f in a b c; do\n  echo "item $f"\ndone\n'
  settle 0.6
  enter
  # 4. paste, then type more before Enter
  paste 'echo pasted'
  typ " and typed"
  enter
  # 5. unbracketed: the shell sees fast typing, each CR runs a line
  paste_unbracketed $'echo np-one\necho np-two\n'
  settle 1.0
  cmd "exit"
}
