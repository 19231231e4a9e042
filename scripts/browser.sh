#!/usr/bin/env bash
# Renders a local HTML file in headless Chromium (Debian package `chromium`), offline.
#   scripts/browser.sh dom FILE.html              prints the DOM after scripts ran; console lines on stderr
#   scripts/browser.sh screenshot FILE.html OUT.png [WIDTHxHEIGHT]
# The report's browser test and the README's screenshot both go through this one command line.
set -euo pipefail
mode=${1:?dom or screenshot}; file=${2:?html file}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (scripts/setup.sh installs it)" >&2; exit 3; }
abs=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")
# A throwaway profile; --no-sandbox because CI runs as root; no network is needed or used.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars
       --user-data-dir="$profile" --enable-logging=stderr --v=0 --virtual-time-budget=5000)
case "$mode" in
  dom) exec timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$abs" ;;
  screenshot)
    out=${3:?output png}; size=${4:-1400x2400}
    outabs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
    timeout 120 "$browser" "${flags[@]}" --window-size="${size/x/,}" --screenshot="$outabs" "file://$abs" ;;
  *) echo "unknown mode $mode (dom or screenshot)" >&2; exit 2 ;;
esac
