# shellcheck shell=bash
# The screen redrawn under a line being typed: Ctrl-L, clear, a prompt with the time in it.
DESCRIPTION="bash with a prompt that shows the time ('[HH:MM:SS] root@rec-box:~$ ', a $ although root), so no two prompts look alike: Ctrl-L clears the screen in the middle of a line (readline redraws the prompt and the line at the top), clear run as a command, Ctrl-L at an empty prompt, a long line typed after the screen was cleared, python3 started and left with Ctrl-D, and a command typed ahead with an arrow-key edit while sleep runs (readline applies the arrow when it reads the line)"
WIDTH=80
HEIGHT=24
RC_EXTRA="PS1='[\\t] \\u@rec-box:\\w\\\\$ '"
HARD_CASES=(ctrl-l-mid-line clear-command ctrl-l-empty-prompt prompt-with-time python3-ctrl-d typeahead-with-arrow-key)
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|print('time prompt')"
)
NOT_COMMANDS=("print('time prompt')")

keys() {
  cmd "echo first line"
  cmd "seq 1 30"
  typ "echo cleared"
  pause 0.4
  key C-l
  pause 0.5
  typ " while typing"
  enter
  cmd "clear"
  key C-l
  pause 0.4
  cmd "echo after clearing the screen twice, a line long enough to wrap past the edge of the terminal"
  cmd "python3 -q" 0.8
  cmd "print('time prompt')"
  key C-d
  settle 0.5
  cmd "sleep 3" 0.2
  pause 0.3
  typ "echo ahead"
  key Left Left Left Left Left
  typ "X"
  key Enter
  pause 3.5
  settle
  cmd "exit"
}
