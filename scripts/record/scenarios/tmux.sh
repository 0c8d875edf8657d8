# shellcheck shell=bash
# tmux started inside the recorded session: each window is a shell of its own.
DESCRIPTION="tmux 3.3a started inside the recorded bash (its own server, default config: status line at the bottom, prefix Ctrl-B). Window 0 runs bash (prompt [root@rec-box ~]#); Ctrl-B c opens window 1 (bash); Ctrl-B 0 / Ctrl-B n switch between them (tmux repaints the whole screen); Ctrl-B c opens window 2 where sh (dash) is started; Ctrl-B d detaches (back to the outer shell, which runs a command); tmux attach re-attaches (repaint) and the windows are closed with exit one by one. Each bash in tmux writes its history to bash_history.tmux with history -a; the sh lines are logged as typed; the truth merges them by time (the scenario waits a second around every switch)"
WIDTH=80
HEIGHT=24
MAIN_LABEL="bash (outer)"
NESTED_HISTORY=(
  "@time|bash_history.tmux|bash in tmux|bash"
  "@time|typed_history.sh-in-tmux|sh in tmux|typed"
)
HARD_CASES=(tmux-inside new-window switch-window-repaint sh-in-tmux detach reattach-repaint exit-windows status-line)

setup() {
  rm -rf /tmp/rec-tmux && mkdir -p /tmp/rec-tmux
  # bash in tmux reads ~/.bashrc: same prompt, its own history file
  write_nested_bashrc "$REC_HOME/.bashrc" "$REC_WORK/bash_history.tmux"
  # tmux starts login shells: they read ~/.bash_profile
  printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' >"$REC_HOME/.bash_profile"
}

keys() {
  cmd "echo outer before tmux"
  pause 1.1
  cmd "tmux new -s work" 1.0
  cmd "echo in window zero"
  cmd "cd /tmp/rec-tmux && touch w0.txt && ls"
  pause 1.1
  key C-b c
  settle 0.8
  cmd "echo in window one"
  cmd "uname -s"
  pause 1.1
  key C-b 0
  settle 0.6
  cmd "echo back in zero"
  pause 1.1
  key C-b n
  settle 0.6
  cmd "echo one again"
  pause 1.1
  key C-b c
  settle 0.8
  cmd "sh" 0.6
  shcmd sh-in-tmux "echo sh in window two" "sh in window two"
  shcmd sh-in-tmux "expr 6 \\* 7" "42"
  pause 1.1
  key C-b d
  settle 0.8
  cmd "echo outer while detached"
  cmd "tmux ls"
  pause 1.1
  cmd "tmux attach -t work" 1.0
  shcmd sh-in-tmux "echo sh after attach" "sh after attach"
  log_typed sh-in-tmux "exit" ""
  typ "exit"
  enter 0.6
  cmd "exit" 0.8
  pause 1.1
  cmd "echo last window"
  cmd "exit" 0.8
  pause 1.1
  cmd "exit" 1.0
  pause 1.1
  cmd "echo outer after tmux"
  cmd "exit"
}
