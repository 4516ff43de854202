#!/usr/bin/env bash
# Installs Debian's Chromium, which the offline-guide tests (test/export) drive through
# playwright-core. Idempotent: returns at once when /usr/bin/chromium is there. Never downloads
# a browser of its own: playwright-core only launches the system one.
# Needs root (or sudo) on a Debian or Ubuntu machine.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "Chromium is already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "install-chromium: run as root, or install sudo, to apt-get install chromium" >&2
    exit 1
  fi
  SUDO="sudo"
fi

echo "Installing Debian's chromium for the offline-guide tests (a minute or two)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
