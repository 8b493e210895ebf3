#!/usr/bin/env bash
# Dashboard benchmark: how fast each page and API call of `hyperscope serve` answers over a large
# database, and how optuna-dashboard serves the same study, measured in the same run.
#
#   Benchmarks/dashboard/run.sh [RUNS]
#
# The data (default 100,000) is generated reproducibly under Benchmarks/dashboard/data/RUNS/ (ignored
# by git): a W&B-style CSV export plus 2,000 JSONL logs with curves, ingested as RUNS runs of 30
# parameters; and a study of RUNS finished trials over the same 30 parameters, stored both in the
# Hyperscope database (through the library, by sampler-benchmark record) and in an Optuna journal
# file. Optuna and optuna-dashboard are installed from PyPI into Benchmarks/dashboard/.venv.
# hyperscope is built in release mode. Each URL is asked once (first) and then 5 times (median).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-100000}"
data="$here/data/$runs"
# Data generated before the benchmark had a study (no study.json) is generated again.
if [ ! -f "$data/.complete" ] || [ ! -f "$data/study.json" ]; then
  rm -rf "$data"
  echo "generating $runs runs and a study of $runs trials in $data ..."
  python3 "$here/generate.py" "$data" "$runs" 2000
  touch "$data/.complete"
fi
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -c "import optuna, optuna_dashboard" 2>/dev/null || "$here/.venv/bin/pip" install --quiet optuna optuna-dashboard
echo "building hyperscope and sampler-benchmark (release) ..."
(cd "$root" && swift build -c release --product hyperscope 2>&1 | tail -1)
(cd "$root" && HYPERSCOPE_BENCHMARKS=1 swift build -c release --product sampler-benchmark 2>&1 | tail -1)
binary="$root/.build/release/hyperscope"
database="$data/bench.db"
if [ ! -f "$data/.ingested" ]; then
  rm -f "$database"*
  start=$(date +%s)
  "$binary" ingest "$data/sweep.csv" "$data/logs" --db "$database" --quiet >/dev/null
  echo "ingested $runs runs in $(( $(date +%s) - start )) s"
  echo "storing the study of $runs trials: $("$root/.build/release/sampler-benchmark" record "$data/study.json" "$database" bench max)"
  touch "$data/.ingested"
fi
"$here/.venv/bin/python" "$here/bench.py" "$binary" "$database" "$data"
