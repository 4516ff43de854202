#!/usr/bin/env bash
# Installs the PostgreSQL server that the PostgreSQL store and replica tests run against, from
# Debian's packages (the tests start their own throwaway server on 127.0.0.1 from these
# binaries; nothing is started or enabled here). Idempotent: returns at once when initdb and
# pg_ctl are already installed. Needs root (or sudo) and network access to the Debian mirror.
set -euo pipefail

have_postgres() {
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "PostgreSQL is already installed in $dir"
      return 0
    fi
  done
  return 1
}

have_postgres && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "install-postgres.sh: needs root (or sudo) to install Debian's postgresql package" >&2
    exit 1
  fi
fi

echo "Installing PostgreSQL from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Only the binaries: the package's own cluster is not needed (the tests init their own), so
# the service is kept from starting while the package installs.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  $SUDO sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
have_postgres
