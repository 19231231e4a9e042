#!/usr/bin/env bash
# Load test of `reclab serve` on loopback with wrk (Debian package; installed if missing):
# GET /recommend/{random known user}?n=10 at 1, 8 and 64 connections, each with a concurrent POST /events
# stream (one connection, one event per request, folded in at once), for an ML-100K iALS model and a
# 20,000-item synthetic one. Prints the Markdown table BENCHMARKS.md quotes; BENCH_SECTION=serve writes it there.
# DURATION (default 10s) bounds each measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
RECLAB=${RECLAB:-.build/release/reclab}
DURATION=${DURATION:-10s}
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

rows=()
# spec, users, items, rating sent with events ("" for implicit data)
for case in "serve_ml100k 943 1682 4" "serve_synthetic_20k 10000 20000 "; do
  read -r spec users items rating <<<"$case"
  folder=$("$RECLAB" run "experiments/$spec.json" --quiet --output "$work/results" >/dev/null 2>&1; ls -d "$work/results/$spec"/*/ | grep -v trials | head -1)
  "$RECLAB" serve "$folder" --model ials --port 0 --event-log "$work/$spec.events.jsonl" >"$work/serve.out" 2>"$work/serve.err" &
  server=$!
  for _ in $(seq 1 600); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.out")
  [ -n "$port" ] || { cat "$work/serve.err"; echo "reclab serve did not start" >&2; exit 1; }
  for c in 1 8 64; do
    wrk -t1 -c1 -d"$DURATION" -s scripts/wrk/post_events.lua "http://127.0.0.1:$port" -- "$users" "$items" $rating >"$work/post.txt" &
    post=$!
    threads=$(( c < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$c" -d"$DURATION" --latency -s scripts/wrk/recommend.lua "http://127.0.0.1:$port" -- "$users" >"$work/get.txt"
    wait "$post"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/get.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/get.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/get.txt")
    errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$work/get.txt" "$work/post.txt")
    events=$(awk '/Requests\/sec/ {print $2}' "$work/post.txt")
    rows+=("| $spec ($items items) | $c | $rps | $p50 | $p99 | $events | $errors |")
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
table="| model | connections | GET /recommend per s | p50 | p99 | POST /events per s (1 connection, alongside) | errors |
|---|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${rows[@]}")"
echo "$table"
if [ -n "${BENCH_SECTION:-}" ]; then
  body="Load test of \`reclab serve\` on loopback, $(nproc) cores shared by server and wrk, ${DURATION} per row (\`wrk -t2 -cN --latency\`, one thread at 1 connection, random known users, n = 10, full ranking with seen items excluded); a second wrk posts one event per request on one connection meanwhile, each folded in (the user's iALS factors re-solved) and flushed to the event log before it is acknowledged.

\`\`\`sh
BENCH_SECTION=$BENCH_SECTION scripts/bench_serve.sh
\`\`\`

$table
"
  python3 - "$BENCH_SECTION" "$body" <<'PY'
import sys, re
name, body = sys.argv[1], sys.argv[2]
path = "BENCHMARKS.md"
text = open(path).read()
begin, end = f"<!-- begin:{name} -->", f"<!-- end:{name} -->"
block = begin + "\n" + body + end
if begin in text and end in text:
    text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
else:
    text += "\n" + block + "\n"
open(path, "w").write(text)
PY
fi
