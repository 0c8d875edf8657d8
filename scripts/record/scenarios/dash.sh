# shellcheck shell=bash
# dash as the login shell: no line editor, the terminal's line discipline does the editing.
DESCRIPTION="dash 0.5.12 (Debian's /bin/sh) as the recorded shell, prompt 'root@rec-box:/root# ' from PS1 with \$PWD: no line editor and no bracketed paste, so the pty's line discipline (icanon, echo, echoe, echoctl) echoes what is typed and handles Backspace (DEL, erase), Ctrl-U (kill) and Ctrl-W (werase); after 'stty erase ^H' Ctrl-H erases too. Also: arrow keys are not editing keys (the tty echoes ^[[D and the shell gets the escape bytes: the line fails), a line abandoned with Ctrl-C, a multi-line if at the '> ' PS2 prompt, a command typed ahead while sleep runs, one thrown away by Ctrl-C (the tty flushes it), one half typed before the prompt comes back, 'stty -echo' + read for a password, and 'exec' of nothing. dash keeps no history: the truth is the lines typed (logged by the recorder right before Enter), each checked against what it printed"
WIDTH=80
HEIGHT=24
SHELL_KIND=dash
HARD_CASES=(no-line-editor tty-erase-backspace tty-kill-ctrl-u tty-werase-ctrl-w stty-erase-ctrl-h echoed-arrow-keys ctrl-c-abandoned-line ps2-continuation typeahead-cooked typeahead-discarded-by-ctrl-c typeahead-prompt-mid-line read-with-echo-off)
SECRETS=("dash-Secr3t")
NOT_COMMANDS=("dash-Secr3t" "rm -rf /tmp/dash-important" "echo wrnog" "echo thrown away")

keys() {
  shcmd main "echo dash says hi" "dash says hi"
  # Backspace (DEL): the tty erases
  typ "echo wrnog"
  keyn 4 BSpace
  typ "rong fixed"
  log_typed main "echo wrong fixed" "wrong fixed"
  enter
  # Ctrl-U kills the line, Ctrl-W a word
  typ "cat /etc/shadoww"
  key C-u
  typ "echo one two three"
  key C-w
  typ "four"
  log_typed main "echo one two four" "one two four"
  enter
  # stty erase ^H: now Ctrl-H erases
  shcmd main "stty erase ^H" ""
  typ "echo abx"
  key C-h
  typ "c"
  log_typed main "echo abc" "abc"
  enter
  shcmd main "stty erase ^?" ""
  # an arrow key is not an edit: the tty echoes ^[[D and dash runs the bytes
  typ "echo left"
  key Left
  typ "X"
  log_typed main $'echo left\e[DX' "left"
  enter
  # abandoned with Ctrl-C
  typ "rm -rf /tmp/dash-important"
  pause 0.6
  key C-c
  settle
  # if at the PS2 prompt: one command over three lines (its time: the first line's, as bash's history has it)
  typ "if [ -d /etc ]; then"
  log_typed main $'if [ -d /etc ]; then\necho etc is a dir\nfi' "etc is a dir"
  enter
  typ "echo etc is a dir"
  enter
  typ "fi"
  enter
  # type-ahead while sleep runs: the line runs after it
  shcmd main "sleep 4" "" 0.2
  pause 0.3
  typ "echo typed ahead"
  log_typed main "echo typed ahead" "typed ahead"
  key Enter
  pause 4.5
  settle
  # typed ahead, then Ctrl-C: the tty discards the typed line with sleep
  shcmd main "sleep 30" "" 0.2
  pause 0.3
  typ "echo thrown away"
  key Enter
  pause 0.6
  key C-c
  settle
  # half typed ahead: the prompt comes back in the middle of the line
  shcmd main "sleep 2" "" 0.2
  pause 0.3
  typ "echo half typed"
  pause 2.0
  typ " ahead"
  log_typed main "echo half typed ahead" "half typed ahead"
  enter
  # a password read with echo off
  shcmd main "stty -echo; read pw; stty echo; echo" "" 0.3
  pause 0.5
  typ "dash-Secr3t"
  enter
  shcmd main "echo \${#pw} characters" "11 characters"
  shcmd main "cd /tmp && pwd" "/tmp"
  typ "exit"
  log_typed main "exit" ""
  enter
}
