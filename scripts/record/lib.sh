# shellcheck shell=bash
# Keystroke helpers for scenario files (sourced by record-session.sh).
#
# All keys go to the recorded pane with `tmux send-keys`, one key per call, with a random
# 40-120 ms gap between keys and a longer "reading what I typed" pause before Enter, so the
# timing log looks like a human at a keyboard. $RANDOM is seeded per scenario, so the
# sequence of delays is the same on every run (the wall-clock timing still varies a little).
#
# Variables set by record-session.sh: TMUX_SOCK, TMUX_TARGET, REC_WORK (work dir with io.log).

# sleep for a random number of milliseconds in [min, max]
_jitter() {
  local min=$1 max=$2 ms
  ms=$((min + RANDOM % (max - min + 1)))
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
}

_tmux() { tmux -L "$TMUX_SOCK" "$@"; }

# pause SECONDS: wait (think time, or let a program draw)
pause() { sleep "$1"; }

# key NAME...: send named tmux keys (Enter, BSpace, Left, C-u, M-b, Tab, Escape, Up, ...), one at a time
key() {
  local k
  for k in "$@"; do
    _tmux send-keys -t "$TMUX_TARGET" "$k"
    _jitter 40 120
  done
}

# keyn N NAME: send the same key N times
keyn() {
  local n=$1 k=$2 i
  for ((i = 0; i < n; i++)); do key "$k"; done
}

# typ TEXT: type TEXT literally, one character (Unicode code point) per send-keys call
typ() {
  local s=$1 i c n=0
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    # tmux treats a command-line argument that ends in ';' as a command separator; '\;' is a literal ';'
    [[ $c == ';' ]] && c='\;'
    _tmux send-keys -t "$TMUX_TARGET" -l -- "$c"
    n=$((n + 1))
    # mostly 40-120 ms between keys, now and then a short hesitation
    if ((RANDOM % 17 == 0)); then _jitter 150 320; else _jitter 40 120; fi
  done
}

# settle [MIN_SECONDS]: wait MIN (default 0.35 s), then until io.log has not grown for 300 ms (max 15 s)
settle() {
  local min=${1:-0.35} last size i
  sleep "$min"
  last=$(stat -c %s "$REC_WORK/io.log" 2>/dev/null || echo 0)
  for ((i = 0; i < 50; i++)); do
    sleep 0.3
    size=$(stat -c %s "$REC_WORK/io.log" 2>/dev/null || echo 0)
    [[ $size == "$last" ]] && return 0
    last=$size
  done
}

# enter: look at the line for a moment, press Enter, wait for the output to settle
enter() {
  _jitter 300 750
  _tmux send-keys -t "$TMUX_TARGET" Enter
  settle "${1:-0.35}"
}

# cmd TEXT: type a whole line and press Enter
cmd() {
  typ "$1"
  enter "${2:-0.35}"
}

# paste TEXT: paste TEXT like a terminal does. tmux wraps it in ESC[200~ ... ESC[201~ when the
# application has turned bracketed paste on (ESC[?2004h) and, like xterm, turns LF into CR.
paste() {
  printf '%s' "$1" >"$REC_WORK/.paste"
  _tmux load-buffer -b recpaste "$REC_WORK/.paste"
  _tmux paste-buffer -p -d -b recpaste -t "$TMUX_TARGET"
  rm -f "$REC_WORK/.paste"
  _jitter 200 400
}

# paste_unbracketed TEXT: paste without the bracketed-paste markers (a terminal that does not
# support them): the shell sees the bytes as if typed very fast, so every CR runs a line
paste_unbracketed() {
  printf '%s' "$1" >"$REC_WORK/.paste"
  _tmux load-buffer -b recpaste "$REC_WORK/.paste"
  _tmux paste-buffer -d -b recpaste -t "$TMUX_TARGET"
  rm -f "$REC_WORK/.paste"
  _jitter 200 400
}

# resize COLS ROWS: resize the tmux window (the terminal), like dragging the window edge
resize() {
  _tmux resize-window -t "$TMUX_TARGET" -x "$1" -y "$2"
  settle 0.3
}

# ensure_user NAME PASSWORD: (setup only, as root) create a throw-away local user with a known
# password and a fresh home directory
ensure_user() {
  local u=$1 pw=$2
  if ! id "$u" >/dev/null 2>&1; then
    useradd -m -s /bin/bash "$u"
  fi
  echo "$u:$pw" | chpasswd
  local home
  home=$(getent passwd "$u" | cut -d: -f6)
  rm -rf "$home"
  mkdir -p "$home"
  cp -a /etc/skel/. "$home/" 2>/dev/null || true
  chown -R "$u:$u" "$home"
}

# user_shell_rc NAME: (setup only) give user NAME a login-shell setup like the recorder's rc:
# coloured prompt with the fixed host name, timestamped history in ~/.bash_history, history -a
user_shell_rc() {
  local u=$1 home
  home=$(getent passwd "$u" | cut -d: -f6)
  write_nested_bashrc "$home/.bashrc" "$home/.bash_history"
  printf '%s\n' '[ -f ~/.bashrc ] && . ~/.bashrc' >"$home/.bash_profile"
  rm -f "$home/.bash_history"
  chown "$u:$u" "$home/.bashrc" "$home/.bash_profile"
}

# write_nested_bashrc FILE HISTFILE: the rc of shells started inside the recording (bash, su -)
write_nested_bashrc() {
  cat >"$1" <<EOF
# written by scripts/record (sshlens recordings)
[ -z "\$PS1" ] && return
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HISTFILE=$2
HISTTIMEFORMAT='%s '
HISTSIZE=1000
HISTFILESIZE=1000
HISTCONTROL=
shopt -s histappend lithist
PROMPT_COMMAND='history -a'
PS1='\[\e[1;36m\][\u@rec-box \[\e[1;33m\]\W\[\e[1;36m\]]\[\e[0m\]\\$ '
EOF
}

# log_typed LABEL TEXT EXPECT: note that TEXT is about to run in a shell that keeps no history (dash,
# sh): one JSON line {ts, text, expect} in $REC_WORK/typed_history.LABEL. EXPECT is text the command
# prints, which verify.mjs looks for in the output after it (proof that it ran). Call it right before
# the Enter that runs TEXT.
log_typed() {
  node -e 'process.stdout.write(JSON.stringify({ ts: Math.floor(Date.now() / 1000), text: process.argv[1], expect: process.argv[2] }) + "\n")' \
    -- "$2" "$3" >>"$REC_WORK/typed_history.$1"
}

# shcmd LABEL TEXT EXPECT [SETTLE]: type TEXT in a shell without history and run it (see log_typed)
shcmd() {
  typ "$2"
  _jitter 300 750
  log_typed "$1" "$2" "$3"
  _tmux send-keys -t "$TMUX_TARGET" Enter
  settle "${4:-0.35}"
}
