# shellcheck shell=bash
# Held out: the kinds of the other zsh recordings, typed differently, recorded after the extractor was built.
DESCRIPTION="A second take on the zsh hard cases, recorded after the extractor was built and not used to build it: root's zsh with a bold path prompt ending in '» ' and a right prompt with the host and the time; echo -n (the % end-of-line mark), a while loop over 'while>' prompts, Tab completion of /etc/hostn and of a command name, ^old^new, Alt-. , Ctrl-R left with Right-arrow then Ctrl-W and new text, !ls:p (printed, never run), a long line with an emoji edited with Alt-b, Ctrl-T, Ctrl-K and Ctrl-Y, the window narrowed while typing, a line typed ahead during sleep and one thrown away with Ctrl-C, python3 with a while block, sqlite3 with a statement over three lines, and tmux started from zsh: a new window, Ctrl-B p back, detach, tmux a again, windows closed (their zsh writes the same history file)"
WIDTH=80
HEIGHT=24
SHELL_KIND=zsh
RC_EXTRA="PROMPT='%B%~%b %(?.%F{green}.%F{red})»%f '
RPROMPT='%F{magenta}rec-box%f %D{%H:%M:%S}'"
HARD_CASES=(rprompt prompt-sp-eol-mark while-continuation-prompt tab-completion-unique tab-command-name quick-substitution alt-dot-last-word ctrl-r-right-arrow-then-edit history-print-only long-line-wrap emoji alt-b ctrl-t-transpose ctrl-k-ctrl-y resize-while-typing typeahead-zsh typeahead-discarded-by-ctrl-c python3-while-block sqlite3-multiline-statements tmux-from-zsh new-window switch-window-repaint detach reattach-repaint)
HISTORY_NOT_EXECUTED=("@2|ls -d /usr/share /usr/lib")
NOT_COMMANDS=("!ls:p" "echo thrown away" "^one^two")
PROGRAM_INPUTS=(
  "@python3 -q"
  "python3|k = 0"
  "python3|while k < 2:"
  "python3|    k += 1"
  "python3|print(k)"
  "python3|exit()"
  "@sqlite3"
  "sqlite3|select"
  "sqlite3|  6 * 7"
  "sqlite3|  as answer;"
  "sqlite3|.quit"
)

setup() {
  rm -rf /tmp/rec-holdout && mkdir -p /tmp/rec-holdout
}

keys() {
  cmd "echo -n partial"
  typ "n=0; while (( n < 2 ))"
  enter
  typ "do (( n++ )); echo pass \$n"
  enter
  typ "done"
  enter
  typ "cat /etc/hostn"
  key Tab
  enter
  typ "unam"
  key Tab
  typ "-m"
  enter
  cmd "echo one three"
  cmd "^one^two"
  cmd "ls -d /usr/share /usr/lib"
  typ "echo "
  key M-.
  enter
  # Ctrl-R, Right-arrow, Ctrl-W, new text
  key C-r
  typ "three"
  pause 0.6
  key Right
  pause 0.3
  key C-e C-w
  typ "four"
  enter
  cmd "!ls:p"
  # long line with an emoji, edited across the wrap
  typ "echo 🎉 first second third fourth fifth sixth seventh eighth ninth tenth eleventh"
  key M-b M-b M-b
  key C-t
  key M-b M-b
  key C-k
  key C-a M-f M-f
  key C-y
  enter
  # narrowed while typing
  typ "echo narrowed while this line is being typed"
  pause 0.3
  resize 64 24
  pause 0.4
  typ " here"
  enter
  resize 80 24
  # typed ahead, then thrown away
  cmd "sleep 3" 0.2
  pause 0.3
  typ "echo ahead in zsh"
  key Enter
  pause 3.5
  settle
  cmd "sleep 20" 0.2
  pause 0.3
  typ "echo thrown away"
  key Enter
  pause 0.5
  key C-c
  settle
  # REPLs
  cmd "python3 -q" 0.8
  cmd "k = 0"
  cmd "while k < 2:"
  cmd "    k += 1"
  enter
  cmd "print(k)"
  cmd "exit()" 0.5
  cmd "sqlite3" 0.5
  cmd "select"
  cmd "  6 * 7"
  cmd "  as answer;"
  cmd ".quit" 0.5
  # tmux from zsh: its windows run zsh with the same history file
  pause 1.1
  cmd "tmux new -s hz" 1.0
  cmd "echo in tmux zero"
  pause 1.1
  key C-b c
  settle 0.8
  cmd "echo in tmux one"
  pause 1.1
  key C-b p
  settle 0.6
  cmd "echo back to zero"
  pause 1.1
  key C-b d
  settle 0.8
  cmd "echo detached"
  pause 1.1
  cmd "tmux a" 1.0
  cmd "exit" 0.8
  pause 1.1
  cmd "exit" 1.0
  pause 1.1
  cmd "echo after tmux"
  cmd "exit"
}
