# shellcheck shell=bash
# zsh with its line editor (zle): a right-hand prompt, the % end-of-line mark, continuation prompts.
DESCRIPTION="zsh 5.9 as the login shell of the unprivileged user recuser (prompt 'recuser@rec-box ~ % ', right-hand prompt RPROMPT showing the last exit status and the time, redrawn at every prompt and left on accepted lines): output without a final newline (zsh marks it with an inverse % and moves to a new line), a for loop over 'for>' continuation prompts, an open quote over a 'quote>' prompt, Tab completion of paths (unique, then an ambiguous one listed below the line and cycled by menu completion), Up-arrow recall then edit, Ctrl-R search accepted with Enter, !! and ^old^new (zsh prints the expanded line), Alt-. inserting the last word, a line abandoned with Ctrl-C, read -s and sudo passwords (echo off)"
WIDTH=80
HEIGHT=24
RUN_AS=recuser
SHELL_KIND=zsh
RC_EXTRA="RPROMPT='%F{green}[%?]%f %*'"
HARD_CASES=(zsh-zle rprompt prompt-sp-eol-mark for-continuation-prompt quote-continuation-prompt tab-completion-unique tab-completion-menu up-arrow-edit ctrl-r-enter bang-bang quick-substitution alt-dot-last-word ctrl-c-abandoned-line read-s-password sudo-password)
SECRETS=("zsh-S3cret!" "rec-Pass-77")
NOT_COMMANDS=("zsh-S3cret!" "rec-Pass-77" "!!" "^alpha^omega" "rm -rf /tmp/zsh-important")

setup() {
  ensure_user recuser "rec-Pass-77"
  usermod -aG sudo recuser
  rm -rf /run/sudo/ts/recuser
}

keys() {
  cmd "echo zsh says hi"
  # no final newline: zsh prints its end-of-line mark and a new line before the prompt
  cmd "printf 'no newline here'"
  # for> continuation prompts
  typ "for i in 1 2"
  enter
  typ "do echo item \$i"
  enter
  typ "done"
  enter
  # quote> continuation prompt
  typ "echo 'first"
  enter
  typ "second'"
  enter
  # Tab completion: unique path, then an ambiguous one (listed, then menu completion)
  typ "ls -d /us"
  key Tab
  typ "sha"
  key Tab
  enter
  typ "ls -d /usr/l"
  key Tab
  pause 0.6
  key Tab
  pause 0.5
  key Tab
  pause 0.5
  enter
  # history: Up + edit, Ctrl-R + Enter, !!, ^old^new, Alt-.
  cmd "echo alpha"
  pause 0.4
  key Up
  pause 0.4
  typ " beta"
  enter
  key C-r
  typ "zsh s"
  pause 0.6
  enter
  cmd "echo bang"
  cmd "!!"
  cmd "^bang^boom"
  cmd "ls -d /etc"
  typ "cd "
  key M-.
  enter
  cmd "cd"
  # abandoned with Ctrl-C: never runs
  typ "rm -rf /tmp/zsh-important"
  pause 0.6
  key C-c
  settle
  # passwords at echo-off prompts
  cmd "read -s 'pw?Password: '" 0.3
  pause 0.5
  typ "zsh-S3cret!"
  enter
  cmd "echo \"read \${#pw} characters\""
  cmd "sudo -k"
  cmd "sudo id -u" 0.5
  pause 0.8
  typ "rec-Pass-77"
  enter 1.0
  cmd "exit"
}
