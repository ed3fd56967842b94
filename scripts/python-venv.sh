#!/usr/bin/env bash
# Creates a Python virtualenv holding exactly the versions pinned in scripts/<name>-requirements.txt (from
# PyPI), checks it with a probe command run from the venv, and prints its path. Does nothing when the venv
# already holds exactly those versions. Used by oslo-venv.sh and schemathesis-venv.sh.
#   scripts/python-venv.sh <name> <venv path> <probe: a program in the venv's bin/, then its arguments>
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
name="$1"
venv="$2"
shift 2
requirements="$root/scripts/$name-requirements.txt"
stamp="$venv/.requirements"

if [ -x "$venv/bin/$1" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
  echo "$venv"
  exit 0
fi
python="${PYTHON:-python3}"
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
  echo "$name-venv: $python cannot create a virtualenv; install python3-venv (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements" >&2
probe="$1"
shift
"$venv/bin/$probe" "$@" >&2
cp "$requirements" "$stamp"
echo "$venv"
