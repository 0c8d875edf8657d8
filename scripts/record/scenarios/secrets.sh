# shellcheck shell=bash
# Passwords typed at echo-off prompts: in the input stream, never in the output, never commands.
DESCRIPTION="Secrets at echo-off prompts, recorded as the unprivileged user recuser (prompt ends in \$): read -s -p 'Password: ' with a typed secret; su - recpeer -c id prompting 'Password: ' (echo off); sudo -k then sudo id -u with a wrong password ('Sorry, try again.') and then the right one. The secrets are in the input stream only: the terminal does not echo them. read -s does not echo the Enter either, so the next prompt starts right after 'Password: ' on the same screen line"
WIDTH=80
HEIGHT=24
RUN_AS=recuser
HARD_CASES=(read-s-prompt su-password-prompt sudo-password-prompt sudo-wrong-password-retry echo-off non-root-prompt)
SECRETS=(
  "S3cr3t-Read!"
  "peer-Pass-42"
  "wrong-guess-1"
  "rec-Pass-77"
)
# the passwords are secrets only: not program inputs (nothing may store them)
NOT_COMMANDS=("${SECRETS[@]}")

setup() {
  ensure_user recuser "rec-Pass-77"
  usermod -aG sudo recuser
  ensure_user recpeer "peer-Pass-42"
  rm -rf /run/sudo/ts/recuser
}

keys() {
  cmd "whoami"
  cmd "read -s -p \"Password: \" pw" 0.3
  pause 0.6
  typ "S3cr3t-Read!"
  enter
  cmd "echo \"read \${#pw} characters\""
  cmd "su - recpeer -c id" 0.5
  pause 0.6
  typ "peer-Pass-42"
  enter 1.0
  cmd "sudo -k"
  cmd "sudo id -u" 0.5
  pause 1.0
  typ "wrong-guess-1"
  enter 2.5
  pause 0.6
  typ "rec-Pass-77"
  enter 1.0
  cmd "exit"
}
