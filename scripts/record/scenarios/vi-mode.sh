# shellcheck shell=bash
# bash in vi editing mode: keys are commands in command mode, text in insert mode.
DESCRIPTION="bash with readline in vi mode (set -o vi) and the mode shown in the prompt (show-mode-in-prompt: '(ins)' or '(cmd)' before PS1, redrawn at every mode switch): a typo fixed in command mode (Escape, 0, f t, x), words changed with cw, a word deleted with dw, A to append, history recalled with k (twice) and j then edited with \$ and a, / search in command mode, and Escape then Enter straight from command mode"
WIDTH=80
HEIGHT=24
HARD_CASES=(vi-mode mode-string-in-prompt vi-x vi-f vi-cw vi-dw vi-A vi-k-history vi-j vi-search vi-enter-in-command-mode)
NOT_COMMANDS=("ls -l /ettc/hostname" "kk")

keys() {
  cmd "set -o vi"
  cmd "bind 'set show-mode-in-prompt on'"
  # 1. typo: Escape, 0, f t (to the first t), l... x deletes the extra t
  typ "ls -l /ettc/hostname"
  key Escape
  key 0
  key f
  key t
  key x
  enter
  # 2. cw: change a word
  typ "echo red green blue"
  key Escape
  key b
  key b
  key c w
  typ "yellow"
  enter
  # 3. dw deletes a word, A appends
  typ "echo one two three"
  key Escape
  key 0
  key w w
  key d w
  key A
  typ " four"
  enter
  # 4. k k recalls the second-to-last command, j goes forward again, $ a appends
  key Escape
  key k
  key k
  key j
  key '$'
  key a
  typ " extra"
  enter
  # 5. / search in command mode: finds "ls -l /etc/hostname", run as is
  key Escape
  key /
  typ "hostn"
  key Enter
  pause 0.5
  enter
  # 6. Escape then Enter from command mode
  typ "echo from command mode"
  key Escape
  key h
  enter
  cmd "exit"
}
