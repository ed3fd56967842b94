#!/usr/bin/env bash
# Creates the Python virtualenv of the HTTP API fuzz test (schemathesis from PyPI, every version pinned in
# scripts/schemathesis-requirements.txt) and prints its path. Run it once; it does nothing when the venv
# already holds exactly those versions. The test looks for the venv at $LOGCAS_SCHEMATHESIS_VENV, else at
# .cache/schemathesis-venv in the repository.
#   scripts/schemathesis-venv.sh            create or update, print the path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec "$root/scripts/python-venv.sh" schemathesis "${LOGCAS_SCHEMATHESIS_VENV:-$root/.cache/schemathesis-venv}" st --version
