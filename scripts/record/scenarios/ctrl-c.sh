# shellcheck shell=bash
# Interrupts: lines that were typed but never ran, and commands stopped while running.
DESCRIPTION="Ctrl-C and friends: a half-typed dangerous line abandoned with Ctrl-C (never executed), a running sleep interrupted with Ctrl-C (the tty echoes ^C), a command typed ahead while another runs (the kernel echoes it, then readline echoes it again), a multi-line for loop abandoned with Ctrl-C at the PS2 prompt (bash still keeps its first line 'for i in 1 2; do' in history: marked executed=false), a Ctrl-R search abandoned with Ctrl-C, Ctrl-D deleting a character mid-line (not exiting), and a sleep stopped with Ctrl-Z, listed with jobs, resumed with fg and interrupted with Ctrl-C"
WIDTH=80
HEIGHT=24
# bash puts the first line of the abandoned loop into history although nothing ran
HISTORY_NOT_EXECUTED=("for i in 1 2; do")
HARD_CASES=(history-entry-never-executed ctrl-c-abandoned-line ctrl-c-running-command typeahead-while-running ctrl-c-at-ps2 ctrl-c-in-reverse-search ctrl-d-mid-line ctrl-z-job-control)
NOT_COMMANDS=(
  "rm -rf /tmp/important"
  "echo \$i"
  "sle"
)

keys() {
  cmd "echo start"
  # 1. abandoned with Ctrl-C: never runs
  typ "rm -rf /tmp/important"
  pause 0.9
  key C-c
  settle
  # 2. interrupt a running command
  cmd "sleep 30" 0.3
  pause 2.0
  key C-c
  settle
  # 3. type ahead while a command runs: the line runs after sleep ends
  cmd "sleep 4" 0.2
  pause 0.5
  typ "echo typed ahead"
  key Enter
  pause 4.0
  settle
  # 4. Ctrl-C at the continuation prompt drops the whole multi-line command
  typ "for i in 1 2; do"
  enter
  typ "echo \$i"
  pause 0.6
  key C-c
  settle
  # 5. Ctrl-C in a reverse search
  key C-r
  typ "sle"
  pause 0.7
  key C-c
  settle
  # 6. Ctrl-D on a non-empty line deletes the character under the cursor
  typ "echo abcd"
  keyn 2 Left
  key C-d
  enter
  # 7. Ctrl-Z stops a job; kill it
  cmd "sleep 20" 0.3
  pause 1.0
  key C-z
  settle
  cmd "jobs"
  cmd "fg" 0.3
  pause 1.0
  key C-c
  settle
  cmd "echo done"
  cmd "exit"
}
