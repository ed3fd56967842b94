#!/usr/bin/env bash
# Creates the Python virtualenv of the real-producer test (oslo.log, oslo.context, oslo.config, fluent-logger
# from PyPI, versions pinned in scripts/oslo-requirements.txt) and prints its path. Run it once; it does nothing
# when the venv already holds exactly those versions. The test looks for the venv at $LOGCAS_OSLO_VENV, else
# at .cache/oslo-venv in the repository.
#   scripts/oslo-venv.sh            create or update, print the path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${LOGCAS_OSLO_VENV:-$root/.cache/oslo-venv}"
requirements="$root/scripts/oslo-requirements.txt"
stamp="$venv/.requirements"

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
  echo "$venv"
  exit 0
fi
python="${PYTHON:-python3}"
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
  echo "oslo-venv: $python cannot create a virtualenv; install python3-venv (Debian: apt-get install python3-venv)" >&2
  exit 1
fi
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$requirements" >&2
"$venv/bin/python" -c 'import oslo_log.log, oslo_context.context, oslo_config.cfg, fluent.handler' >&2
cp "$requirements" "$stamp"
echo "$venv"
