# shellcheck shell=bash
# PENDING (test/fixtures/recordings/pending/README.md): a password typed while a background job keeps printing.
DESCRIPTION="Passwords typed while a job started in the background prints a line every 0.15 s onto the same terminal (recorded as recuser): sudo -k then sudo id -u, its '[sudo] password for recuser: ' prompt with echo off, and read -s -p 'PIN: ' after it. Lines of the job's output land between the keys of each password; none of it is an echo, and no password may become a command"
WIDTH=80
HEIGHT=24
RUN_AS=recuser
HARD_CASES=(sudo-password-prompt read-s-prompt echo-off background-output-while-typing)
SECRETS=("noisy-Pass-77x" "4711-pin-0815")
NOT_COMMANDS=("${SECRETS[@]}")

setup() {
  ensure_user recuser "noisy-Pass-77x"
  usermod -aG sudo recuser
  rm -rf /run/sudo/ts/recuser
}

keys() {
  cmd "sudo -k"
  cmd "(for i in \$(seq 1 30); do echo \"job line \$i\"; sleep 0.15; done) &" 0.2
  cmd "sudo id -u" 0.2
  pause 0.3
  typ "noisy-Pass-77x"
  enter 1.0
  pause 3
  settle
  cmd "(for i in \$(seq 1 20); do echo \"job line \$i\"; sleep 0.15; done) &" 0.2
  cmd "read -s -p 'PIN: ' pin" 0.2
  pause 0.3
  typ "4711-pin-0815"
  enter
  pause 3
  settle
  cmd "echo \"pin has \${#pin} characters\""
  cmd "exit"
}
