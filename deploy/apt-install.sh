#!/bin/sh
# Install Debian packages as root or with passwordless sudo; otherwise say exactly what to ask for.
#   sh deploy/apt-install.sh "<every package the target needs, for the message>" [missing package ...]
# The Makefile's system-deps and proxy-deps use it; it does nothing when nothing is missing.
set -eu
all=$1
shift
[ "$#" -gt 0 ] || exit 0
if [ "$(id -u)" = 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run="sudo"
else
    echo "These Debian packages are needed, and this user cannot install them: $*"
    echo "Ask an administrator to run: apt-get install -y $all"
    exit 1
fi
echo "Installing Debian packages: $*"
$run apt-get update -qq
$run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
