#!/usr/bin/env bash
# Installs dependencies, fetches MovieLens-100K (so the real-data checks run) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The report's browser test renders a real report in headless Chromium (with a font), and the server's
# smoke test loads it with wrk: install them, and make their absence a failure rather than a skipped test.
need=()
for pkg in chromium fonts-dejavu-core wrk; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing test packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
export RECLAB_REQUIRE_BROWSER=1
# The server's load smoke test runs wrk against a real `reclab serve` state.
export RECLAB_REQUIRE_WRK=1
# The cluster tests submit a real job array: a single-node Slurm cluster (slurm-wlm, munge) on this machine.
scripts/slurm/setup.sh
export RECLAB_REQUIRE_SLURM=1
# The SQL-source tests read a real PostgreSQL server: a private cluster on a free loopback port.
RECLAB_POSTGRES_URL=$(scripts/postgres/setup.sh)
export RECLAB_POSTGRES_URL
export RECLAB_REQUIRE_POSTGRES=1
.build/release/reclab data fetch ml-100k
swift test
