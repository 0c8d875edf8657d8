# shellcheck shell=bash
# Shells inside the shell: commands run by nested shells are commands too.
DESCRIPTION="Nested shells, recorded as recuser. (1) 'bash' starts a nested interactive shell that reads ~/.bashrc and shows exactly the same prompt as the outer one: nothing on screen marks the nesting except that its 'exit' prints 'exit' and the same prompt comes back. (2) 'bash --norc -i' starts a shell with bash's default prompt 'bash-5.2\$ '; in it PS1='\$ ' changes the prompt to '\$ '. (3) 'su - tempuser' asks 'Password: ' (echo off) and starts tempuser's login shell with the prompt [tempuser@rec-box ~]\$. Each nested shell writes its own HISTFILE; the truth merges them: a nested shell's commands come right after the outer command that started it, and every command has 'shell' saying which shell ran it. The 'exit' of each nested shell is a command of that nested shell (the login shell's exit prints 'logout', the others 'exit')"
WIDTH=80
HEIGHT=24
RUN_AS=recuser
MAIN_LABEL="recorded shell (recuser)"
NESTED_HISTORY=(
  "bash|bash_history.nested-bash|nested bash (recuser, reads ~/.bashrc)"
  "bash --norc -i|bash_history.norc|bash --norc -i (recuser, default prompt)"
  "su - tempuser|bash_history.su-tempuser|su - tempuser (login shell of tempuser)"
)
HARD_CASES=(nested-bash-same-prompt nested-bash-norc-default-prompt ps1-changed-mid-session su-login-shell su-password-prompt different-user-prompt exit-of-nested-shell)
SECRETS=("temp-Pass-13")
NOT_COMMANDS=("temp-Pass-13")

setup() {
  ensure_user recuser "rec-Pass-77"
  ensure_user tempuser "temp-Pass-13"
  user_shell_rc tempuser
}

collect() {
  cp "$REC_HOME/.bash_history" "$REC_WORK/bash_history.norc"
  cp /home/tempuser/.bash_history "$REC_WORK/bash_history.su-tempuser"
}

keys() {
  cmd "echo \"outer shell, level \$SHLVL\""
  # 1. nested bash: same prompt
  cmd "bash" 0.6
  cmd "echo \"inner shell, level \$SHLVL\""
  cmd "ps -o pid=,comm= --ppid \$PPID"
  cmd "exit"
  # 2. bash --norc -i: default prompt, then PS1 changed by hand
  cmd "bash --norc -i" 0.6
  cmd "echo norc"
  cmd "PS1='\$ '"
  cmd "echo \"level \$SHLVL\""
  cmd "exit"
  # 3. su - tempuser: password, then a login shell of another user
  cmd "su - tempuser" 0.5
  pause 0.7
  typ "temp-Pass-13"
  enter 1.0
  cmd "whoami"
  cmd "pwd"
  cmd "exit"
  cmd "echo \"back in the outer shell, level \$SHLVL\""
  cmd "exit"
}
