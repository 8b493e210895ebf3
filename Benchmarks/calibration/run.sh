#!/usr/bin/env bash
# Calibration benchmark: `hyperscope calibrate` against the same figures in NumPy + SciPy, on a
# generated predictions file (val and test logits, 17-digit floats as json.dumps writes them).
#
#   Benchmarks/calibration/run.sh [EXAMPLES_PER_SPLIT] [CLASSES] [RESAMPLES] [--repeat N]
#
# Defaults: 50,000 examples per split, 10 classes, 1,000 resamples. The file is generated once under
# Benchmarks/calibration/data/ (ignored by git); NumPy and SciPy are installed from PyPI into
# Benchmarks/calibration/.venv; hyperscope is built in release mode.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
examples="${1:-50000}"
classes="${2:-10}"
resamples="${3:-1000}"
shift $(( $# < 3 ? $# : 3 ))
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
python="$here/.venv/bin/python"
"$python" -c "import numpy, scipy" 2>/dev/null || "$here/.venv/bin/pip" install --quiet numpy scipy
file="$here/data/predictions-$examples-$classes.jsonl"
if [ ! -f "$file" ]; then
  mkdir -p "$here/data"
  echo "generating $file ..."
  "$python" "$here/generate.py" "$file.partial" "$examples" "$classes"
  mv "$file.partial" "$file"
fi
echo "building hyperscope (release) ..."
(cd "$root" && swift build -c release --product hyperscope 2>&1 | tail -1)
"$python" "$here/bench.py" "$root/.build/release/hyperscope" "$file" "$resamples" "$@"
