# shellcheck shell=bash
# sh (dash) started from bash by an unprivileged user: the plain "$ " prompt, no line editor.
DESCRIPTION="The unprivileged user recuser starts sh (dash) from bash: dash's default prompt '\$ ' (no PS1 set), lines edited by the terminal's line discipline (Backspace, Ctrl-U, Ctrl-W), a command typed ahead while sleep runs, a here-document at the '> ' prompt, bash -c running python3 with a line typed into it, then exit back to bash, whose next command and exit close the session"
WIDTH=80
HEIGHT=24
RUN_AS=recuser
MAIN_LABEL="bash (outer)"
NESTED_HISTORY=("sh|typed_history.sh|sh (dash) from bash|typed")
HARD_CASES=(default-sh-prompt no-line-editor tty-backspace tty-kill tty-werase typeahead-in-sh heredoc-in-sh bash-c-python3 exit-to-bash)
PROGRAM_INPUTS=(
  "@bash -c 'python3 -q'"
  "python3|print(40 + 2)"
  "python3|exit()"
)
NOT_COMMANDS=("print(40 + 2)" "exit()" "cat /etc/shadow")

setup() {
  ensure_user recuser "rec-Pass-77"
}

keys() {
  cmd "echo bash first"
  cmd "sh" 0.6
  shcmd sh "echo plain sh prompt" "plain sh prompt"
  typ "cat /etc/shadow"
  key C-u
  typ "echo kill and retype"
  log_typed sh "echo kill and retype" "kill and retype"
  enter
  typ "echo one two thre"
  key C-w
  typ "three"
  log_typed sh "echo one two three" "one two three"
  enter
  typ "uname -ss"
  key BSpace
  log_typed sh "uname -s" "Linux"
  enter
  shcmd sh "sleep 3" "" 0.2
  pause 0.3
  typ "echo ahead in sh"
  log_typed sh "echo ahead in sh" "ahead in sh"
  key Enter
  pause 3.5
  settle
  typ "cat <<END"
  log_typed sh $'cat <<END\nhere line\nEND' "here line"
  enter
  typ "here line"
  enter
  typ "END"
  enter
  shcmd sh "bash -c 'python3 -q'" "" 0.8
  cmd "print(40 + 2)"
  cmd "exit()" 0.5
  typ "exit"
  log_typed sh "exit" ""
  enter
  cmd "echo back in bash"
  cmd "exit"
}
