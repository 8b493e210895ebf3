#!/usr/bin/env bash
# Ingestion benchmark: Hyperscope against Python's json.loads and orjson on the same corpus.
#
#   Benchmarks/ingest/run.sh [SIZE_MB] [--repeat N]
#
# SIZE_MB (default 1000, at most 1000) sets the size of each of four corpora: numbers rounded to a few
# digits, full-precision floats as json.dumps writes them, and the same full-precision runs in two
# other tools' conventions (W&B's wandb-history.jsonl, and metrics nested by split). They are generated once,
# reproducibly, under Benchmarks/ingest/corpus/ (ignored by git); orjson is installed from PyPI into
# Benchmarks/ingest/.venv; hyperscope is built in release mode.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size="${1:-1000}"
shift || true
if [ "$(printf '%.0f' "$size")" -gt 1000 ]; then echo "SIZE_MB is at most 1000" >&2; exit 2; fi

# Four shapes of the same size: numbers rounded to a few digits, json.dumps's full precision, and
# full precision in W&B's history format and with nested metrics.
for shape in rounded full wandb nested; do
  corpus="$here/corpus/$shape-$size"
  if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    echo "generating a $size MB $shape corpus in $corpus ..."
    python3 "$here/generate_corpus.py" "$corpus" "$size" --shape "$shape"
    touch "$corpus/.complete"
  fi
done

if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -c "import orjson" 2>/dev/null || "$here/.venv/bin/pip" install --quiet orjson

echo "building hyperscope (release) ..."
(cd "$root" && swift build -c release --product hyperscope 2>&1 | tail -1)
for shape in rounded full wandb nested; do
  echo
  echo "== $shape"
  "$here/.venv/bin/python" "$here/bench.py" "$root/.build/release/hyperscope" "$here/corpus/$shape-$size" "$@"
done
