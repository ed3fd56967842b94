#!/usr/bin/env bash
# Creates the Python virtualenv of the real-producer test (oslo.log, oslo.context, oslo.config, fluent-logger
# from PyPI, versions pinned in scripts/oslo-requirements.txt) and prints its path. Run it once; it does nothing
# when the venv already holds exactly those versions. The test looks for the venv at $LOGCAS_OSLO_VENV, else
# at .cache/oslo-venv in the repository.
#   scripts/oslo-venv.sh            create or update, print the path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exec "$root/scripts/python-venv.sh" oslo "${LOGCAS_OSLO_VENV:-$root/.cache/oslo-venv}" \
  python -c 'import oslo_log.log, oslo_context.context, oslo_config.cfg, fluent.handler'
