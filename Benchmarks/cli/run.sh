#!/usr/bin/env bash
# CLI benchmark: how long each analysis command takes over a large database from a fresh process,
# and its peak memory, as a user typing commands one after another meets them.
#
#   Benchmarks/cli/run.sh [RUNS] [REPEATS]
#
# The database is the dashboard benchmark's (Benchmarks/dashboard/data/RUNS/bench.db, default
# 100,000 runs of 30 parameters), generated and ingested here when missing. hyperscope is built in
# release mode. Each command runs once untimed, then REPEATS times (default 3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-100000}"
repeats="${2:-3}"
data="$root/Benchmarks/dashboard/data/$runs"
echo "building hyperscope (release) ..."
(cd "$root" && swift build -c release --product hyperscope 2>&1 | tail -1)
binary="$root/.build/release/hyperscope"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  echo "generating $runs runs in $data ..."
  python3 "$root/Benchmarks/dashboard/generate.py" "$data" "$runs" 2000
  touch "$data/.complete"
fi
database="$data/cli.db"
if [ ! -f "$data/.cli-ingested" ]; then
  rm -f "$database"*
  start=$(date +%s)
  "$binary" ingest "$data/sweep.csv" "$data/logs" --db "$database" --quiet >/dev/null
  echo "ingested $runs runs in $(( $(date +%s) - start )) s"
  touch "$data/.cli-ingested"
fi
python3 "$here/bench.py" "$binary" "$database" "$repeats"
