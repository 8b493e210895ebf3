#!/usr/bin/env bash
# Sampler benchmark: Hyperscope's samplers against Optuna's, on the same inputs, in one run.
#
#   Benchmarks/samplers/run.sh [--quick]
#
# Optuna (with scipy and torch for its GPSampler) is installed from PyPI into
# Benchmarks/samplers/.venv; --quick installs only Optuna and skips GP (CI uses it to keep the
# benchmark working). The Swift side is built in release mode with HYPERSCOPE_BENCHMARKS=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/python" -c "import optuna" 2>/dev/null || "$here/.venv/bin/pip" install --quiet optuna
if [ "${1:-}" != "--quick" ]; then
  "$here/.venv/bin/python" -c "import scipy, torch, greenlet" 2>/dev/null || "$here/.venv/bin/pip" install --quiet scipy torch greenlet
fi
echo "building sampler-benchmark and hyperscope (release) ..."
(cd "$root" && HYPERSCOPE_BENCHMARKS=1 swift build -c release --product sampler-benchmark 2>&1 | tail -1)
(cd "$root" && HYPERSCOPE_BENCHMARKS=1 swift build -c release --product hyperscope 2>&1 | tail -1)
cd "$here" && "$here/.venv/bin/python" bench.py "$root/.build/release/sampler-benchmark" "$root/.build/release/hyperscope" "$@"
