#!/usr/bin/env bash
# The main job: install dependencies, build, fetch MovieLens-100K and run the quickstart experiment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
RECLAB=.build/release/reclab
$RECLAB data fetch ml-100k
$RECLAB data info ml-100k
$RECLAB run experiments/quickstart.json
