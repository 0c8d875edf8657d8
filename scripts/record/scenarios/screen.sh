# shellcheck shell=bash
# GNU screen started inside the recorded session: each window is a shell of its own.
DESCRIPTION="GNU screen 4.09 started inside the recorded bash (screen -S ops, Debian's /etc/screenrc: no status line, alternate screen). Window 0 runs bash; Ctrl-A c opens window 1 where python3 runs a few lines; Ctrl-A p / Ctrl-A n switch windows (screen repaints the whole screen); a sudo password typed in window 0 (echo off); Ctrl-A d detaches ('[detached from ...]'), the outer shell runs a command, screen -r re-attaches (repaint), and the windows are closed with exit. Each bash in screen writes bash_history.screen with history -a; the truth merges it with the outer history by time"
WIDTH=80
HEIGHT=24
RUN_AS=recuser
MAIN_LABEL="bash (outer)"
NESTED_HISTORY=("@time|bash_history.screen|bash in screen|bash")
HARD_CASES=(screen-inside new-window switch-window-repaint python3-in-screen sudo-password-in-screen detach reattach-repaint exit-windows)
SECRETS=("rec-Pass-77")
NOT_COMMANDS=("rec-Pass-77" "print(\"in screen\")" "x = 6 * 7" "print(x)" "exit()")
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|print(\"in screen\")"
  "python3|x = 6 * 7"
  "python3|print(x)"
  "python3|exit()"
)

setup() {
  ensure_user recuser "rec-Pass-77"
  usermod -aG sudo recuser
  rm -rf /run/sudo/ts/recuser
  write_nested_bashrc "$REC_HOME/.bashrc" "$REC_WORK/bash_history.screen"
  printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' >"$REC_HOME/.bash_profile"
}

keys() {
  cmd "echo outer before screen"
  pause 1.1
  cmd "screen -S ops" 1.0
  cmd "echo in screen zero"
  pause 1.1
  key C-a c
  settle 0.8
  cmd "echo in screen one"
  cmd "python3 -q" 0.8
  cmd "print(\"in screen\")"
  cmd "x = 6 * 7"
  pause 1.1
  key C-a p
  settle 0.6
  cmd "sudo -k"
  cmd "sudo id -un" 0.5
  pause 0.8
  typ "rec-Pass-77"
  enter 1.0
  pause 1.1
  key C-a n
  settle 0.6
  cmd "print(x)"
  cmd "exit()" 0.5
  cmd "echo python done"
  pause 1.1
  key C-a d
  settle 0.8
  cmd "echo outer while detached"
  pause 1.1
  cmd "screen -r ops" 1.0
  cmd "echo reattached"
  cmd "exit" 0.8
  pause 1.1
  cmd "echo screen zero again"
  cmd "exit" 1.0
  pause 1.1
  cmd "echo outer after screen"
  cmd "exit"
}
