#!/usr/bin/env bash
# Installs RecLab's system dependencies (Debian) and builds the package. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libhdf5-dev libopenblas-dev liblapacke-dev libsqlite3-dev hdf5-tools pkg-config unzip; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ! python3 -m pip --version >/dev/null 2>&1; then need+=(python3 python3-pip); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing system packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "==> building reclab (release)"
# The full log is kept; a failed build stops here (never falls through to an older binary).
log=$(mktemp)
if ! swift build -c release --product reclab >"$log" 2>&1; then
  grep -E "error:" "$log" | head -40 || true
  tail -20 "$log"
  echo "build failed (full log: $log)" >&2
  exit 1
fi
grep -E "warning: unre|Build complete" "$log" || true
rm -f "$log"
