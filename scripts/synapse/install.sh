#!/usr/bin/env bash
# Installs the Synapse homeserver that the Matrix tests run against, into a virtual environment
# under .tmp/ (git-ignored). Idempotent: returns at once when the pinned version is installed.
# Needs Python >= 3.10 and SQLite >= 3.40 (Synapse's requirements).
set -euo pipefail
cd "$(dirname "$0")/../.."

SYNAPSE_VERSION="1.163.2"
VENV="${PANAH_SYNAPSE_VENV:-.tmp/synapse-venv}"
PYTHON="${PYTHON:-python3}"

if [ -x "$VENV/bin/python" ] &&
  [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("matrix-synapse"))' 2>/dev/null)" = "$SYNAPSE_VERSION" ]; then
  echo "Synapse $SYNAPSE_VERSION is already installed in $VENV"
  exit 0
fi

echo "Installing Synapse $SYNAPSE_VERSION into $VENV (takes a minute or two)"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet "matrix-synapse==$SYNAPSE_VERSION"
"$VENV/bin/python" -c 'import synapse; print("Synapse", synapse.__version__, "installed")'
