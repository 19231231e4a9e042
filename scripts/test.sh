#!/usr/bin/env bash
# Installs dependencies, fetches MovieLens-100K (so the real-data checks run) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.build/release/reclab data fetch ml-100k
swift test
