#!/usr/bin/env python3
"""Times `hyperscope ingest` against Python's json.loads and orjson over the same JSON-lines corpus.

Usage: bench.py HYPERSCOPE_BINARY CORPUS_DIR [--repeat N]

Every contender runs in its own process on a warm page cache, N times (best time kept), and its
peak resident memory is read from the kernel (wait4). Hyperscope parses *and* stores every run in
a fresh SQLite database; the Python loops only parse, so the comparison favours them.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

PY_LOOP = r"""
import sys, os
mode = sys.argv[1]
if mode == "orjson":
    import json, orjson
    def loads(line):
        try:
            return orjson.loads(line)
        except orjson.JSONDecodeError:  # NaN, which json.dumps writes and orjson refuses (rare)
            return json.loads(line)
else:
    import json
    loads = json.loads
total = 0
for root, _, names in os.walk(sys.argv[2]):
    for name in sorted(names):
        if name.endswith(".jsonl"):
            with open(os.path.join(root, name), "rb") as handle:
                for line in handle:
                    loads(line)
                    total += len(line)
print(total)
"""


def timed(argv):
    """Runs argv; returns (seconds, peak RSS in MB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stdout = process.stdout.read().decode()
    stderr = process.stderr.read().decode()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit("%s failed (%d): %s" % (argv[0], process.returncode, stderr[-2000:]))
    return elapsed, usage.ru_maxrss / 1024.0, stdout


def corpus_facts(corpus):
    sizes = []
    for root, _, names in os.walk(corpus):
        for name in names:
            if name.endswith(".jsonl"):
                path = os.path.join(root, name)
                sizes.append(os.path.getsize(path))
                with open(path, "rb") as handle:  # warm the page cache for every contender alike
                    while handle.read(1 << 24):
                        pass
    return sum(sizes), len(sizes), max(sizes)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, corpus = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    total, files, largest = corpus_facts(corpus)
    megabytes = total / 1e6
    print("corpus: %d files, %.1f MB, largest run %.1f MB; %d cores; best of %d" % (
        files, megabytes, largest / 1e6, os.cpu_count(), repeat))

    results = {}
    best = None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as scratch:
            database = os.path.join(scratch, "bench.db")
            seconds, rss, out = timed([binary, "ingest", corpus, "--db", database, "--quiet", "--format", "json"])
            summary = json.loads(out)
            if summary["runs_ingested"] != files or summary["problems"]:
                sys.exit("hyperscope ingested %s runs with %d problems, expected %d runs and none" % (
                    summary["runs_ingested"], len(summary["problems"]), files))
            if best is None or seconds < best[0]:
                best = (seconds, rss)
    results["hyperscope ingest (parse + store)"] = best

    for mode in ["json.loads", "orjson"]:
        best = None
        for _ in range(repeat):
            seconds, rss, out = timed([sys.executable, "-c", PY_LOOP, "orjson" if mode == "orjson" else "json", corpus])
            if int(out.strip()) != total:
                sys.exit("%s read %s bytes, expected %d" % (mode, out.strip(), total))
            if best is None or seconds < best[0]:
                best = (seconds, rss)
        results["python %s loop (parse only)" % mode] = best

    print("%-36s %10s %10s %12s" % ("contender", "seconds", "MB/s", "peak RSS MB"))
    for name, (seconds, rss) in results.items():
        print("%-36s %10.2f %10.1f %12.1f" % (name, seconds, megabytes / seconds, rss))
    ours = megabytes / results["hyperscope ingest (parse + store)"][0]
    loads = megabytes / results["python json.loads loop (parse only)"][0]
    fast = megabytes / results["python orjson loop (parse only)"][0]
    print()
    print("ratio vs json.loads: %.1fx (goal >= 10x)" % (ours / loads))
    print("ratio vs orjson:     %.1fx (goal >= 3x)" % (ours / fast))
    print("throughput:          %.0f MB/s (goal >= 600 MB/s)" % ours)
    print("peak memory:         %.1f MB for a %.1f MB corpus whose largest run is %.1f MB" % (
        results["hyperscope ingest (parse + store)"][1], megabytes, largest / 1e6))


if __name__ == "__main__":
    main()
