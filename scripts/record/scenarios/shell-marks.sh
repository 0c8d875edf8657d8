# shellcheck shell=bash
# A shell that sends shell integration marks (as kitty, WezTerm, iTerm2 and VS Code set up).
DESCRIPTION="bash with shell integration marks in its prompt, the way terminal emulators install them: OSC 133;A before the prompt, OSC 133;B after it (where the typed command starts), OSC 133;C when a command runs (PS0), OSC 133;D;status when it ends and OSC 7 with the working directory (PROMPT_COMMAND). The prompt itself is an unusual one, '~ ▶ ' in green, without user or host. Commands: an echo, a failing ls (exit status 2), cd into /var/log (OSC 7 reports it), a Tab completion, a loop over two PS2 lines, exit"
WIDTH=80
HEIGHT=24
RC_EXTRA="__marks() { local s=\$?; printf '\\033]133;D;%s\\007\\033]7;file://rec-box%s\\007' \"\$s\" \"\$PWD\"; history -a; }
PROMPT_COMMAND=__marks
PS0='\\e]133;C\\a'
PS1='\\[\\e]133;A\\a\\]\\[\\e[32m\\]\\w ▶\\[\\e[0m\\] \\[\\e]133;B\\a\\]'"
HARD_CASES=(osc-133-prompt-marks osc-133-exit-status osc-7-cwd prompt-without-user-or-host tab-completion ps2-loop)

keys() {
  cmd "echo with marks"
  cmd "ls /nonexistent-dir"
  cmd "cd /var/log"
  typ "ls -d /etc/host"
  key Tab
  pause 0.4
  key Tab
  pause 0.6
  typ "n"
  key Tab
  enter
  typ "for d in a b"
  enter
  typ "do echo \"\$d\"; done"
  enter
  cmd "exit"
}
