# shellcheck shell=bash
# Full-screen programs: keys typed inside them are not shell commands.
DESCRIPTION="Full-screen programs (120x40, alternate screen): vim (insert mode text, Escape, :wq), less on a 300-line file (Space, j, a /search, q), top (runs 3 s, q) and man ls (Space, q). Everything typed inside them is program input; the terminal's replies to vim's queries also arrive in the input stream"
WIDTH=120
HEIGHT=40
HARD_CASES=(vim-insert-mode vim-ex-command less-paging less-search top man-page alternate-screen terminal-query-replies-in-input application-cursor-keys)
# keys typed in full-screen programs are not lines: they are listed as not_commands, not program_inputs
NOT_COMMANDS=(
  "first item"
  "second item"
  ":wq"
  "/line 150"
  "q"
)

setup() {
  seq 1 300 | sed 's/^/line /' >numbers.txt
}

keys() {
  cmd "vim todo.txt" 1.0
  pause 0.8
  typ "i"
  pause 0.3
  typ "first item"
  key Enter
  typ "second item"
  pause 0.4
  key Escape
  pause 0.5
  typ ":wq"
  enter
  cmd "cat todo.txt"
  cmd "less numbers.txt" 0.8
  pause 0.8
  key Space
  pause 0.8
  keyn 3 j
  pause 0.5
  typ "/line 150"
  enter
  pause 0.8
  typ "q"
  settle
  cmd "top" 1.0
  pause 3.0
  typ "q"
  settle
  cmd "man ls" 1.5
  pause 1.2
  key Space
  pause 1.0
  typ "q"
  settle
  cmd "echo back in the shell"
  cmd "exit"
}
