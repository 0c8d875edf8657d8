#!/usr/bin/env bash
# Runs a command where an OS keychain (Secret Service) is reachable. When the session has
# none (CI, a container, ssh), starts a private D-Bus session with an unlocked, throw-away
# gnome-keyring in a temporary folder, so tests use the real keychain and never an
# investigator's own keyring.
set -euo pipefail

has_secret_service() {
  [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
  command -v dbus-send >/dev/null 2>&1 || return 1
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}

if [ "${SSHLENS_KEYCHAIN_READY:-}" = 1 ] || has_secret_service; then
  exec "$@"
fi

if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-keychain: no Secret Service and no dbus-run-session/gnome-keyring-daemon to start one;" >&2
  echo "with-keychain: install them (Debian: apt-get install dbus-x11 gnome-keyring libsecret-1-dev)" >&2
  exec "$@"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/sshlens-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data" "$scratch/run"
chmod 700 "$scratch/run"

# Inside the private bus: unlock a fresh keyring (the password only guards this temp folder).
SSHLENS_KEYCHAIN_SCRATCH="$scratch" dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$SSHLENS_KEYCHAIN_SCRATCH/data"
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$SSHLENS_KEYCHAIN_SCRATCH/run}"
  printf "sshlens-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export SSHLENS_KEYCHAIN_READY=1
  exec "$@"
' with-keychain "$@"
