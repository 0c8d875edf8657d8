# shellcheck shell=bash
# Keys typed while a command still runs: read by the shell afterwards, or thrown away by Ctrl-C.
DESCRIPTION="Type-ahead in bash: while sleep 4 runs, 'date +%Y' is typed and Enter pressed (the tty echoes it; bash reads and runs it after sleep ends, readline echoes it again after the prompt); two lines typed ahead during one sleep (both run, in order); a line typed ahead then Ctrl-C (the interrupt kills sleep and the tty discards the typed line: it never runs); a line typed ahead without Enter, finished after the prompt is back; and python3 started with its first line typed before the >>> prompt appears"
WIDTH=80
HEIGHT=24
HARD_CASES=(typeahead-line typeahead-two-lines typeahead-discarded-by-ctrl-c typeahead-partial-line typeahead-into-repl)
NOT_COMMANDS=("echo thrown away" "print(1 + 1)" "exit()")
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|print(1 + 1)"
  "python3|exit()"
)

keys() {
  cmd "echo start"
  # 1. one line typed ahead
  cmd "sleep 4" 0.2
  pause 0.3
  typ "date +%Y"
  key Enter
  pause 4.5
  settle
  # 2. two lines typed ahead
  cmd "sleep 5" 0.2
  pause 0.3
  typ "echo first ahead"
  key Enter
  typ "echo second ahead"
  key Enter
  pause 5.0
  settle
  # 3. typed ahead, then Ctrl-C: sleep dies and the typed line is discarded by the tty
  cmd "sleep 30" 0.2
  pause 0.3
  typ "echo thrown away"
  key Enter
  pause 0.8
  key C-c
  settle
  # 4. typed ahead without Enter, finished at the prompt
  cmd "sleep 3" 0.2
  pause 0.3
  typ "echo par"
  pause 3.5
  typ "tial"
  enter
  # 5. the first line of a REPL typed before its prompt
  typ "python3 -q"
  key Enter
  typ "print(1 + 1)"
  key Enter
  pause 1.5
  settle
  cmd "exit()" 0.5
  cmd "exit"
}
