#!/usr/bin/env bash
# Record a real interactive shell session (bash, zsh or dash) for the sshlens command-extraction fixtures.
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
#      (SHELL_KIND=zsh: "zsh -i" with ZDOTDIR=zdot; SHELL_KIND=dash: "dash -i" with ENV=dashrc;
#      through `runuser -u USER` when the scenario sets RUN_AS),
#   3. runs the scenario's keys() (tmux send-keys with human-like delays), which ends with `exit`,
#      and waits for script to finish,
#   4. runs the scenario's collect() (copy history files of nested shells into the work dir; the
#      typed_history.* files that shcmd/log_typed write for shells without history are kept too),
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
  HIDDEN_INPUTS=${HIDDEN_INPUTS:-} node -e '
    const [name, description, width, height, user, mainLabel, shellKind, ...lists] = process.argv.slice(1);
    const [secrets, notCommands, programInputs, hardCases, nested, notExecuted] = lists.map((s) => JSON.parse(s));
    const split = (s) => { const i = s.indexOf("|"); return [s.slice(0, i), s.slice(i + 1)]; };
    const meta = {
      scenario: name, description, width: +width, height: +height, user,
      secrets, not_commands: notCommands,
      // lines typed at echo-off prompts (a secret typed twice, as openssl asks to verify, counts twice)
      hidden_inputs: process.env.HIDDEN_INPUTS ? Number(process.env.HIDDEN_INPUTS) : secrets.length,
      // "@COMMAND" names the shell command that started the programs of the entries after it
      program_inputs: programInputs.reduce((acc, s) => {
        if (s.startsWith("@")) acc.parent = s.slice(1);
        else { const [program, text] = split(s); acc.list.push(acc.parent === undefined ? { program, text } : { program, text, parent: acc.parent }); }
        return acc;
      }, { list: [] }).list,
      hard_cases: hardCases,
      main_label: mainLabel || null,
      shell_kind: shellKind,
      main_history: {
        bash: { file: "bash_history", format: "bash" },
        zsh: { file: "zsh_history", format: "zsh" },
        dash: { file: "typed_history.main", format: "typed" },
      }[shellKind],
      nested_history: nested.map((s) => {
        const [anchor, file, label, format] = s.split("|");
        return { anchor, file, label, format: format || "bash" };
      }),
      history_not_executed: notExecuted,
    };
    process.stdout.write(JSON.stringify(meta, null, 2) + "\n");
  ' -- "$1" "$DESCRIPTION" "$WIDTH" "$HEIGHT" "$RUN_AS" "$MAIN_LABEL" "$SHELL_KIND" \
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
  WIDTH=80 HEIGHT=24 RUN_AS=root DESCRIPTION="" MAIN_LABEL="" SHELL_KIND=bash RC_EXTRA="" HIDDEN_INPUTS=""
  SECRETS=() NOT_COMMANDS=() PROGRAM_INPUTS=() HARD_CASES=() NESTED_HISTORY=() HISTORY_NOT_EXECUTED=()
  setup() { :; }
  collect() { :; }
  keys() { die "the scenario defines no keys()"; }
  # shellcheck disable=SC1090
  . "$f"
  [[ -n $DESCRIPTION ]] || die "scenario $1 has no DESCRIPTION"
  case $SHELL_KIND in bash | zsh | dash) ;; *) die "scenario $1: SHELL_KIND is bash, zsh or dash" ;; esac
}

write_rc() { # the rc file of the recorded shell
  case $SHELL_KIND in
    zsh) write_zshrc ;;
    dash) write_dashrc ;;
    *) write_bashrc ;;
  esac
}

write_bashrc() { # the --rcfile of a recorded bash
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
$(rc_common)
$RC_EXTRA
stty -a >$REC_WORK/stty.txt 2>/dev/null
EOF
}

rc_common() { # lines every recorded shell's rc has
  cat <<EOF
# a tmux or screen started inside the recording: not nested into the recorder's tmux, private sockets
unset TMUX TMUX_PANE
export TMUX_TMPDIR=$REC_WORK/tmux-inner SCREENDIR=$REC_WORK/screen-inner
EOF
}

write_zshrc() { # ZDOTDIR/.zshrc of a recorded zsh: every entry written at once with its time (the truth)
  mkdir -p "$REC_WORK/zdot"
  cat >"$REC_WORK/zdot/.zshrc" <<EOF
# .zshrc of the recorded zsh (written by scripts/record/record-session.sh)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HISTFILE=$REC_WORK/zsh_history
HISTSIZE=1000
SAVEHIST=1000
# ": <unix seconds>:0;<text>" per entry, appended as soon as it is entered
setopt INC_APPEND_HISTORY EXTENDED_HISTORY
bindkey -e
autoload -Uz compinit && compinit -u -d $REC_WORK/zcompdump
PROMPT='%F{cyan}%n@rec-box%f %F{yellow}%~%f %# '
$(rc_common)
$RC_EXTRA
stty -a >$REC_WORK/stty.txt 2>/dev/null
EOF
}

write_dashrc() { # the ENV file of a recorded dash (it keeps no history: shcmd logs what is typed)
  cat >"$REC_WORK/dashrc" <<EOF
# ENV of the recorded dash (written by scripts/record/record-session.sh)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
if [ "\$(id -u)" = 0 ]; then PS1='\$USER@rec-box:\$PWD# '; else PS1='\$USER@rec-box:\$PWD\$ '; fi
$(rc_common)
$RC_EXTRA
stty -a >$REC_WORK/stty.txt 2>/dev/null
EOF
}

shell_path() { # $SHELL of the recorded session (script(1) logs it, the cast header names it)
  case $SHELL_KIND in zsh) echo /usr/bin/zsh ;; dash) echo /usr/bin/dash ;; *) echo /bin/bash ;; esac
}

shell_command() { # the command script(1) runs
  case $SHELL_KIND in
    zsh) echo "env ZDOTDIR=$REC_WORK/zdot zsh -i" ;;
    dash) echo "env ENV=$REC_WORK/dashrc dash -i" ;;
    *) echo "bash --rcfile $REC_WORK/rc -i" ;;
  esac
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
  mkdir -p -m 700 "$REC_WORK/tmux-inner" "$REC_WORK/screen-inner"
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
exec ${runner}env $user_home_env USER=$RUN_AS LOGNAME=$RUN_AS SHELL=$(shell_path) script -q --log-io $REC_WORK/io.log --log-timing $REC_WORK/timing.log -c "$(shell_command)"
EOF
  chmod 755 "$REC_WORK/launch.sh"

  echo "== recording $name (${WIDTH}x${HEIGHT}, user $RUN_AS)"
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="$REC_HOME" \
    LANG=C.UTF-8 TERM=xterm-256color SHELL="$(shell_path)" USER=root LOGNAME=root \
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
  for h in "$REC_WORK"/bash_history "$REC_WORK"/bash_history.* "$REC_WORK"/zsh_history* "$REC_WORK"/typed_history.*; do
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
