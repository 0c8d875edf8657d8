# shellcheck shell=bash
# Tab completion: the command that runs contains text the user never typed.
DESCRIPTION="Tab completion (default bash completion, no bash-completion package): a command name completed with Tab, paths completed level by level, double-Tab listings of candidates followed by typing the rest, a common-prefix completion, a file name with a space completed to a backslash escape, a variable name, and a 'Display all 1147 possibilities? (y or n)' question answered with n"
WIDTH=80
HEIGHT=24
HARD_CASES=(tab-command-name tab-path tab-double-listing tab-common-prefix tab-escaped-space tab-variable tab-display-all-question trailing-space-after-completion)
NOT_COMMANDS=(
  "n"
)

setup() {
  mkdir -p projects/alpha-service projects/beta-service
  printf 'port: 8080\n' >projects/alpha-service/config.yaml
  printf '# beta\n' >projects/beta-service/README.md
  printf 'final numbers\n' >report-2024-final.txt
  printf 'draft numbers\n' >report-2024-draft.txt
  printf 'remember the milk\n' >'my notes.txt'
}

keys() {
  # 1. command name: "upti" Tab -> "uptime "
  typ "upti"
  key Tab
  typ "-p"
  enter
  # 2. path, level by level, with a double-Tab listing in between
  typ "cat proj"
  key Tab
  pause 0.4
  key Tab
  key Tab
  pause 0.8
  typ "a"
  key Tab
  typ "c"
  key Tab
  enter
  # 3. double-Tab listing of command names, then finish by typing; common-prefix completion of a file
  typ "ta"
  key Tab
  key Tab
  pause 0.8
  typ "il -n 1 rep"
  key Tab
  pause 0.3
  key Tab
  key Tab
  pause 0.6
  typ "f"
  key Tab
  enter
  # 4. a file name with a space: completed as my\ notes.txt
  typ "wc -c my"
  key Tab
  enter
  # 5. variable name
  typ "echo \$HISTF"
  key Tab
  key Tab
  pause 0.6
  typ "S"
  key Tab
  enter
  # 6. too many candidates: the "Display all ... possibilities? (y or n)" question, answered n
  typ "ls /usr/bin/"
  key Tab
  key Tab
  pause 1.0
  typ "n"
  pause 0.5
  typ "hostn"
  key Tab
  pause 0.3
  key Tab
  key Tab
  pause 0.6
  typ "ctl"
  enter
  # 7. "whoa" Tab -> "whoami " (runs with the trailing space)
  typ "whoa"
  key Tab
  enter
  cmd "exit"
}
