# shellcheck shell=bash
# Line editing with readline keys: what is typed is not what runs.
DESCRIPTION="Readline editing: typos fixed with Backspace, a line killed with Ctrl-U and retyped, Ctrl-W word delete, Left/Right arrows then inserting mid-line, Ctrl-A/Ctrl-E and Home/End edits, Alt-B/Alt-F word moves, Delete key, Ctrl-D deleting a character mid-line, Ctrl-K/Ctrl-Y kill and yank"
WIDTH=80
HEIGHT=24
HARD_CASES=(backspace ctrl-u ctrl-w arrow-left-right mid-line-insert ctrl-a ctrl-e home-end alt-b alt-f delete-key ctrl-d-delete-char ctrl-k ctrl-y-yank trailing-space)
NOT_COMMANDS=(
  "cat /etc/passwdd"
  "echo helo"
  "echo one two three"
)

keys() {
  # 1. typo fixed with Backspace: "echo helo" -> "echo hello world"
  typ "echo helo"
  keyn 2 BSpace
  typ "llo world"
  enter
  # 2. Ctrl-U kills the whole line, then retype
  typ "cat /etc/passwdd"
  pause 0.5
  key C-u
  typ "head -n 2 /etc/passwd"
  enter
  # 3. Ctrl-W deletes the last word
  typ "echo one two three"
  key C-w
  typ "four"
  enter
  # 4. Left arrows, insert mid-line, Right arrows back to the end, append
  typ "printf '%s\n' beta"
  keyn 4 Left
  typ "alpha "
  keyn 4 Right
  typ " gamma"
  enter
  # 5. Ctrl-A / Ctrl-E
  typ "date +%F"
  key C-a
  typ "TZ=UTC "
  key C-e
  typ " && uname -s"
  enter
  # 6. Home / End keys (ESC[1~ / ESC[4~ from tmux)
  typ "wc -l"
  key Home
  typ "cat /etc/hostname | "
  key End
  typ "c"
  key BSpace
  enter
  # 7. Alt-B / Alt-F word moves
  typ "echo aaa ccc"
  key M-b
  typ "bbb "
  key M-f
  typ " ddd"
  enter
  # 8. Delete key and Ctrl-D (delete-char) in the middle of the line
  typ "echo abXcd"
  keyn 3 Left
  key DC
  keyn 2 Left
  typ "z"
  key End
  typ "e"
  keyn 2 Left
  key C-d
  enter
  # 9. Ctrl-W kills "alpha", Ctrl-A, Alt-F, Ctrl-Y yanks it back after "echo"
  typ "echo beta alpha"
  key C-w
  key C-a M-f
  typ " "
  key C-y
  enter
  # 10. Ctrl-K kills to the end of the line
  typ "ls -d /etc /nonexistent-dir"
  keyn 16 Left
  key C-k
  enter
  cmd "exit"
}
