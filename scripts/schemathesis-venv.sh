#!/usr/bin/env bash
# Creates the Python virtualenv of the HTTP API fuzz test (schemathesis from PyPI, every version pinned in
# scripts/schemathesis-requirements.txt) and prints its path. Run it once; it does nothing when the venv
# already holds exactly those versions. The test looks for the venv at $LOGCAS_SCHEMATHESIS_VENV, else at
# .cache/schemathesis-venv in the repository.
#   scripts/schemathesis-venv.sh            create or update, print the path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${LOGCAS_SCHEMATHESIS_VENV:-$root/.cache/schemathesis-venv}"
requirements="$root/scripts/schemathesis-requirements.txt"
stamp="$venv/.requirements"

if [ -x "$venv/bin/st" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
  echo "$venv"
  exit 0
fi
python="${PYTHON:-python3}"
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
  echo "schemathesis-venv: $python cannot create a virtualenv; install python3-venv (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements" >&2
"$venv/bin/st" --version >&2
cp "$requirements" "$stamp"
echo "$venv"
