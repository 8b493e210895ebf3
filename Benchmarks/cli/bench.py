#!/usr/bin/env python3
"""Times CLI commands over a benchmark database from a fresh process: bench.py HYPERSCOPE DATABASE [REPEATS].

Each command runs once untimed (the file in the page cache, as a user's second command finds it),
then REPEATS times (default 3); the table gives the median and the slowest wall time and the
largest peak memory (the child's maximum resident set, from wait4), with the goals of issue 27:
under 200 ms (importance under 1 s) and under 300 MB.
"""
import os, statistics, subprocess, sys, time

binary, database = sys.argv[1], sys.argv[2]
repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
MEMORY_GOAL_MB = 300

# (label, arguments, time goal in seconds)
COMMANDS = [
    ("runs --where", ["runs", "--where", "p00 = adamw and p10 < 0.001", "--sort", "val/acc.best"], 0.2),
    ("runs --format json", ["runs", "--format", "json", "--where", "p25 > 6"], 0.2),
    ("compare --by", ["compare", "--by", "p00", "--metric", "val/acc"], 0.2),
    ("suggest", ["suggest", "--metric", "val/acc"], 0.2),
    ("insights --bins 10", ["insights", "--metric", "val/acc", "--bins", "10"], 0.2),
    ("insights (exact values)", ["insights", "--metric", "val/acc"], 0.2),
    ("sweep", ["sweep", "--metric", "val/acc"], 0.2),
    ("importance", ["importance", "--metric", "val/acc"], 1.0),
]


def timed(arguments):
    """Wall seconds and peak resident megabytes of one run of the binary."""
    started = time.perf_counter()
    child = subprocess.Popen([binary] + arguments + ["--db", database], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace")
    if child.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed ({child.returncode}): {error[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


print(f"{'command':<22} {'median':>9} {'slowest':>9} {'peak memory':>12}  goals")
slow = 0
for label, arguments, goal in COMMANDS:
    timed(arguments)
    samples = [timed(arguments) for _ in range(repeats)]
    median = statistics.median(s[0] for s in samples)
    slowest = max(s[0] for s in samples)
    memory = max(s[1] for s in samples)
    ok = median < goal and memory < MEMORY_GOAL_MB
    slow += not ok
    print(f"{label:<22} {median * 1000:7.0f}ms {slowest * 1000:7.0f}ms {memory:9.0f} MB  "
          f"< {goal * 1000:.0f} ms, < {MEMORY_GOAL_MB} MB: {'ok' if ok else 'not yet'}")
print(f"{len(COMMANDS) - slow} of {len(COMMANDS)} commands meet their goals")
