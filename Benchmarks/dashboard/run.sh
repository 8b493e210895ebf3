#!/usr/bin/env bash
# Dashboard benchmark: how fast each page and API call of `hyperscope serve` answers over a large
# database (default 100,000 runs × 30 parameters: a W&B-style CSV export plus 2,000 JSONL logs with
# curves, generated reproducibly under Benchmarks/dashboard/data/, ignored by git).
#
#   Benchmarks/dashboard/run.sh [RUNS]
#
# hyperscope is built in release mode. Each URL is asked once (first: computed from the runs in
# memory) and then 5 times (median); the store is loaded once when the server starts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-100000}"
data="$here/data/$runs"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  echo "generating $runs runs in $data ..."
  python3 "$here/generate.py" "$data" "$runs" 2000
  touch "$data/.complete"
fi
echo "building hyperscope (release) ..."
(cd "$root" && swift build -c release --product hyperscope 2>&1 | tail -1)
binary="$root/.build/release/hyperscope"
database="$data/bench.db"
if [ ! -f "$data/.ingested" ]; then
  rm -f "$database"*
  start=$(date +%s)
  "$binary" ingest "$data/sweep.csv" "$data/logs" --db "$database" --quiet >/dev/null
  echo "ingested $runs runs in $(( $(date +%s) - start )) s"
  touch "$data/.ingested"
fi
python3 "$here/bench.py" "$binary" "$database"
