# shellcheck shell=bash
# Held out: the kinds of the other bash recordings, typed differently, recorded after the extractor was built.
DESCRIPTION="A second take on the bash hard cases, recorded after the extractor was built and not used to build it: vi mode with D, a, F, x then p (a transposition), b and i; Ctrl-R left with Left-arrow then Ctrl-E and more text; PS2='cont> ' with a while loop and a here-document over it; !cat:p (prints the here-document and keeps it in history, never run); ^abc^xyz and Alt-. ; a long line at 60 columns with CJK edited with Alt-f, Ctrl-T, Ctrl-K then Ctrl-Y at the end; the window widened then narrowed while typing; two lines typed ahead during sleep, and one typed ahead then thrown away with Ctrl-C with a half line after it; python3 with an if block; sqlite3 started by bash -c with a statement over two lines"
WIDTH=60
HEIGHT=24
HARD_CASES=(vi-D vi-transpose-xp vi-b-i ctrl-r-left-arrow-then-edit custom-ps2-word loop-at-custom-ps2 heredoc-at-custom-ps2 history-print-only quick-substitution alt-dot-last-word long-line-wrap cjk-double-width alt-f ctrl-t-transpose ctrl-k-ctrl-y resize-while-typing typeahead-two-lines typeahead-discarded-by-ctrl-c python3-if-block bash-c-sqlite3)
# !cat:p finds the latest line starting with cat: the here-document (bash stores it with its final newline)
HISTORY_NOT_EXECUTED=("@2|cat <<END"$'\n'"heredoc line"$'\n'"END"$'\n')
NOT_COMMANDS=("!cat:p" "echo gone" "echo gone too" "echo hostnmae" "^abc^xyz")
PROGRAM_INPUTS=(
  "@python3"
  "python3|if 2 > 1:"
  "python3|    print('big')"
  "python3|quit()"
  "@bash -c 'sqlite3 :memory:'"
  "sqlite3|select 40"
  "sqlite3|+ 2;"
  "sqlite3|.exit"
)

keys() {
  cmd "set -o vi"
  # D deletes to the end, a appends
  typ "echo alpha beta gamma"
  key Escape b D a
  typ " delta"
  enter
  # F m, x, p: swap two letters
  typ "echo hostnmae"
  key Escape F m x p
  enter
  # b, i: insert before a word
  typ "echo world"
  key Escape b i
  typ "hello "
  enter
  cmd "set -o emacs"
  cmd "cat /etc/hostname"
  # Ctrl-R, Left-arrow leaves the search, Ctrl-E, more text
  key C-r
  typ "hostn"
  pause 0.6
  key Left
  pause 0.3
  key C-e
  typ " | wc -c"
  enter
  # custom PS2 with a word in it
  cmd "PS2='cont> '"
  cmd "n=0"
  cmd "while [ \$n -lt 2 ]"
  cmd "do n=\$((n+1)); echo loop \$n"
  cmd "done"
  cmd "cat <<END"
  cmd "heredoc line"
  cmd "END"
  # :p prints only
  cmd "!cat:p"
  # quick substitution, Alt-.
  cmd "echo abc"
  cmd "^abc^xyz"
  cmd "ls -d /usr/share"
  typ "echo "
  key M-.
  enter
  # long line with CJK at 60 columns, edited across the wrap
  typ "echo 第一 second third fourth fifth sixth seventh eighth ninth tenth"
  key C-a M-f M-f M-f
  key C-t
  key M-f M-f M-f M-f
  key C-k
  key C-e
  typ " "
  key C-y
  enter
  # resize while typing
  typ "echo the window changes size while this line is typed"
  pause 0.3
  resize 90 24
  pause 0.4
  typ " and"
  resize 50 24
  pause 0.4
  typ " again"
  enter
  resize 60 24
  # two lines typed ahead
  cmd "sleep 3" 0.2
  pause 0.3
  typ "echo ahead one"
  key Enter
  typ "echo ahead two"
  key Enter
  pause 3.5
  settle
  # typed ahead, then Ctrl-C throws it away; a half line after it
  cmd "sleep 20" 0.2
  pause 0.3
  typ "echo gone"
  key Enter
  pause 0.5
  key C-c
  settle
  typ "echo gone too"
  key C-u
  cmd "echo after interrupt"
  # REPLs
  cmd "python3" 0.8
  cmd "if 2 > 1:"
  cmd "    print('big')"
  enter
  cmd "quit()" 0.5
  cmd "bash -c 'sqlite3 :memory:'" 0.5
  cmd "select 40"
  cmd "+ 2;"
  cmd ".exit" 0.5
  cmd "exit"
}
