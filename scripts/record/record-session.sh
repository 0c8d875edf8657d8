#!/usr/bin/env bash
# Record a real interactive bash session for the sshlens command-extraction fixtures.
#
#   scripts/record/record-session.sh NAME [NAME...]     record scenarios/NAME.sh (as root)
#   scripts/record/record-session.sh --all              record every scenario
#   scripts/record/record-session.sh --convert NAME     only redo cast + truth + verify from raw/NAME
#                                                       (after editing the scenario's metadata)
# Environment: REC_FIXTURES=DIR writes the results to DIR instead of test/fixtures/recordings
# (trial runs), REC_WORK_ROOT=DIR puts the work dirs there instead of /tmp/sshlens-rec.
#
# What it does for each scenario:
#   1. makes a fresh work dir /tmp/sshlens-rec/NAME with an rc file, a HOME and a tmux config,
#      runs the scenario's setup() (as root: users, files),
#   2. starts a private, detached tmux server (socket sshlens-rec-NAME) with a WIDTHxHEIGHT window
#      running   script -q --log-io io.log --log-timing timing.log -c "bash --rcfile rc -i"
#      (through `runuser -u USER` when the scenario sets RUN_AS),
#   3. runs the scenario's keys() (tmux send-keys with human-like delays), which ends with `exit`,
#      and waits for script to finish,
#   4. runs the scenario's collect() (copy history files of nested shells into the work dir),
#      copies the raw files to test/fixtures/recordings/raw/NAME/, and writes
#      test/fixtures/recordings/NAME.cast (to-asciicast.mjs) and NAME.truth.json (make-truth.mjs),
#   5. checks the result with verify.mjs.
#
# Needs: tmux, util-linux script (advanced timing format, 2.35+), bash 5, node 20. Run as root.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FIXTURES=${REC_FIXTURES:-$REPO/test/fixtures/recordings} # REC_FIXTURES: write somewhere else (trial runs)
WORK_ROOT=${REC_WORK_ROOT:-/tmp/sshlens-rec}
export LC_ALL=C.UTF-8 # so ${s:i:1} in typ() splits text into characters, not bytes

# shellcheck source=lib.sh
. "$HERE/lib.sh"

die() {
  echo "record-session: $*" >&2
  exit 1
}

json_strings() { node -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)))' -- "$@"; }

write_meta() { # NAME -> $REC_WORK/meta.json (what make-truth.mjs needs besides the raw files)
  node -e '
    const [name, description, width, height, user, mainLabel, ...lists] = process.argv.slice(1);
    const [secrets, notCommands, programInputs, hardCases, nested, notExecuted] = lists.map((s) => JSON.parse(s));
    const split = (s) => { const i = s.indexOf("|"); return [s.slice(0, i), s.slice(i + 1)]; };
    const meta = {
      scenario: name, description, width: +width, height: +height, user,
      secrets, not_commands: notCommands,
      program_inputs: programInputs.map((s) => { const [program, text] = split(s); return { program, text }; }),
      hard_cases: hardCases,
      main_label: mainLabel || null,
      nested_history: nested.map((s) => { const [anchor, file, label] = s.split("|"); return { anchor, file, label }; }),
      history_not_executed: notExecuted,
    };
    process.stdout.write(JSON.stringify(meta, null, 2) + "\n");
  ' -- "$1" "$DESCRIPTION" "$WIDTH" "$HEIGHT" "$RUN_AS" "$MAIN_LABEL" \
    "$(json_strings ${SECRETS[@]+"${SECRETS[@]}"})" \
    "$(json_strings ${NOT_COMMANDS[@]+"${NOT_COMMANDS[@]}"})" \
    "$(json_strings ${PROGRAM_INPUTS[@]+"${PROGRAM_INPUTS[@]}"})" \
    "$(json_strings ${HARD_CASES[@]+"${HARD_CASES[@]}"})" \
    "$(json_strings ${NESTED_HISTORY[@]+"${NESTED_HISTORY[@]}"})" \
    "$(json_strings ${HISTORY_NOT_EXECUTED[@]+"${HISTORY_NOT_EXECUTED[@]}"})" >"$REC_WORK/meta.json"
}

load_scenario() { # NAME: reset the scenario variables, then source scenarios/NAME.sh
  local f=$HERE/scenarios/$1.sh
  [[ -f $f ]] || die "no scenario $f"
  WIDTH=80 HEIGHT=24 RUN_AS=root DESCRIPTION="" MAIN_LABEL=""
  SECRETS=() NOT_COMMANDS=() PROGRAM_INPUTS=() HARD_CASES=() NESTED_HISTORY=() HISTORY_NOT_EXECUTED=()
  setup() { :; }
  collect() { :; }
  keys() { die "the scenario defines no keys()"; }
  # shellcheck disable=SC1090
  . "$f"
  [[ -n $DESCRIPTION ]] || die "scenario $1 has no DESCRIPTION"
}

write_rc() { # the --rcfile of the recorded shell
  cat >"$REC_WORK/rc" <<EOF
# rc of the recorded shell (written by scripts/record/record-session.sh)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HISTFILE=$REC_WORK/bash_history
HISTTIMEFORMAT='%s '
HISTSIZE=1000
HISTFILESIZE=1000
HISTCONTROL=
shopt -s histappend
# keep multi-line commands as one history entry with their newlines (cmdhist is on by default)
shopt -s lithist
PROMPT_COMMAND='history -a'
# exported so that shells started without an rc file (bash --norc) keep timestamped history too
export HISTTIMEFORMAT PROMPT_COMMAND
PS1='\[\e[1;36m\][\u@rec-box \[\e[1;33m\]\W\[\e[1;36m\]]\[\e[0m\]\\$ '
bind 'set enable-bracketed-paste on'
stty -a >$REC_WORK/stty.txt 2>/dev/null
EOF
}

record() { # NAME
  local name=$1
  load_scenario "$name"
  REC_WORK=$WORK_ROOT/$name
  REC_HOME=$REC_WORK/home
  TMUX_SOCK=sshlens-rec-$name
  TMUX_TARGET=rec
  export REC_WORK REC_HOME TMUX_SOCK TMUX_TARGET

  if tmux -L "$TMUX_SOCK" has-session 2>/dev/null; then
    die "a tmux server on socket $TMUX_SOCK is still running (tmux -L $TMUX_SOCK kill-server)"
  fi
  rm -rf "$REC_WORK"
  mkdir -p "$REC_HOME"
  write_rc
  # the rc of a nested `bash` (it reads ~/.bashrc): its own HISTFILE, see NESTED_HISTORY
  write_nested_bashrc "$REC_HOME/.bashrc" "$REC_WORK/bash_history.nested-bash"
  cat >"$REC_WORK/tmux.conf" <<'EOF'
set -g status off
set -g default-terminal xterm-256color
set -g history-limit 2000
set -g remain-on-exit off
set -g exit-empty on
EOF
  local user_home_env="HOME=$REC_HOME" runner=""
  RANDOM=$(printf '%s' "$name" | cksum | cut -d' ' -f1)
  (cd "$REC_HOME" && setup)
  if [[ $RUN_AS != root ]]; then
    id "$RUN_AS" >/dev/null 2>&1 || die "RUN_AS user $RUN_AS does not exist (create it in setup with ensure_user)"
    runner="runuser -u $RUN_AS -- "
    chmod 755 "$WORK_ROOT"
    chown -R "$RUN_AS:" "$REC_WORK"
  fi
  cat >"$REC_WORK/launch.sh" <<EOF
#!/bin/sh
cd $REC_HOME
exec ${runner}env $user_home_env USER=$RUN_AS LOGNAME=$RUN_AS script -q --log-io $REC_WORK/io.log --log-timing $REC_WORK/timing.log -c "bash --rcfile $REC_WORK/rc -i"
EOF
  chmod 755 "$REC_WORK/launch.sh"

  echo "== recording $name (${WIDTH}x${HEIGHT}, user $RUN_AS)"
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$REC_HOME" \
    LANG=C.UTF-8 TERM=xterm-256color SHELL=/bin/bash USER=root LOGNAME=root \
    tmux -L "$TMUX_SOCK" -f "$REC_WORK/tmux.conf" new-session -d -s "$TMUX_TARGET" \
    -x "$WIDTH" -y "$HEIGHT" -c "$REC_HOME" "$REC_WORK/launch.sh"
  # wait for the first prompt
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $REC_WORK/io.log ]] && grep -q 'rec-box' "$REC_WORK/io.log" 2>/dev/null && break
    sleep 0.1
  done
  settle 0.8
  keys
  # keys() ends with `exit`: wait for script (and so the tmux session) to end
  for ((i = 0; i < 150; i++)); do
    tmux -L "$TMUX_SOCK" has-session -t "$TMUX_TARGET" 2>/dev/null || break
    sleep 0.2
  done
  if tmux -L "$TMUX_SOCK" has-session -t "$TMUX_TARGET" 2>/dev/null; then
    tmux -L "$TMUX_SOCK" capture-pane -p -t "$TMUX_TARGET" >&2 || true
    tmux -L "$TMUX_SOCK" kill-server || true
    die "$name: the session did not end after keys() (last screen above)"
  fi
  # the server has exited (exit-empty); remove its socket file
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
  grep -q '^H [0-9.]* EXIT_CODE' "$REC_WORK/timing.log" || die "$name: timing.log has no EXIT_CODE (script did not finish)"
  collect
  copy_raw "$name"
  convert "$name"
}

copy_raw() { # NAME: work dir -> test/fixtures/recordings/raw/NAME/
  local name=$1 raw=$FIXTURES/raw/$1 h
  rm -rf "$raw"
  mkdir -p "$raw"
  cp "$REC_WORK/io.log" "$REC_WORK/timing.log" "$raw/"
  [[ -f $REC_WORK/stty.txt ]] && cp "$REC_WORK/stty.txt" "$raw/"
  for h in "$REC_WORK"/bash_history "$REC_WORK"/bash_history.*; do
    [[ -f $h ]] && cp "$h" "$raw/"
  done
  chmod 644 "$raw"/*
}

convert() { # NAME: raw/NAME + scenario metadata -> NAME.cast, NAME.truth.json, then verify
  local name=$1 raw=$FIXTURES/raw/$1
  [[ -n ${DESCRIPTION:-} ]] || load_scenario "$name"
  [[ -f $raw/io.log ]] || die "$name: no raw recording in $raw"
  REC_WORK=$(mktemp -d)
  write_meta "$name"
  node "$HERE/to-asciicast.mjs" "$raw/io.log" "$raw/timing.log" "$FIXTURES/$name.cast"
  node "$HERE/make-truth.mjs" "$REC_WORK/meta.json" "$raw" "$FIXTURES/$name.truth.json"
  rm -rf "$REC_WORK"
  REC_FIXTURES=$FIXTURES node "$HERE/verify.mjs" "$name"
}

main() {
  [[ $# -gt 0 ]] || die "usage: $0 NAME... | --all | --convert NAME..."
  [[ $(id -u) == 0 ]] || die "run as root (it creates users and runs su/sudo scenarios)"
  mkdir -p "$FIXTURES/raw" "$WORK_ROOT"
  local mode=record names=() n
  for n in "$@"; do
    case $n in
      --convert) mode=convert ;;
      --all) for f in "$HERE"/scenarios/*.sh; do names+=("$(basename "$f" .sh)"); done ;;
      *) names+=("$n") ;;
    esac
  done
  for n in "${names[@]}"; do
    (
      unset REC_WORK DESCRIPTION
      if [[ $mode == convert ]]; then convert "$n"; else record "$n"; fi
    )
  done
}

main "$@"
