#!/usr/bin/env python3
"""Times the dashboard's pages over a benchmark database: bench.py HYPERSCOPE DATABASE.

Starts `hyperscope serve` on a free loopback port, waits until it has read the runs and computed
the default pages, asks each URL once (first: what a visitor who asks for it first waits; results
are then kept until the database changes) and five times more (median of those), and prints a table
with the 300 ms goal of DESIGN.md.
"""
import re, statistics, subprocess, sys, time, urllib.request

binary, database = sys.argv[1], sys.argv[2]
server = subprocess.Popen([binary, "serve", "--db", database, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    line = server.stdout.readline()
    base = re.search(r"http://\S+", line).group(0)
    def get(path):
        started = time.perf_counter()
        with urllib.request.urlopen(base + path.lstrip("/"), timeout=600) as response:
            body = response.read()
            assert response.status == 200, (path, response.status)
        return time.perf_counter() - started, len(body)
    # `serve` reads the runs and computes the default pages before it says it is ready.
    started = time.perf_counter()
    ready = server.stdout.readline().strip()
    print(f"{ready}  (waited {time.perf_counter() - started:.1f} s)")
    urls = [
        "/", "/api/studies", "/runs?metric=val/acc", "/api/runs?metric=val/acc&limit=100", "/api/sweep?metric=val/acc",
        "/runs?metric=val/acc&by=p00", "/api/curves?metric=val/acc&by=p00", "/insights?metric=val/acc",
        "/api/experiments/hyperparameter-analysis/?metric=val/acc", "/api/importance?metric=val/acc",
        "/compare?by=p00&a=adam&b=sgd&metric=val/acc", "/api/compare?by=p00&a=adam&b=sgd&metric=val/acc",
        "/runs?metric=val/acc&where=p00%20%3D%20adamw%20and%20p10%20%3C%200.001",
    ]
    print(f"{'url':<72} {'first':>9} {'median':>9} {'size':>9}  goal 300 ms")
    slow = 0
    for url in urls:
        first, size = get(url)
        median = statistics.median(get(url)[0] for _ in range(5))
        ok = max(first, median) < 0.3
        slow += not ok
        print(f"{url:<72} {first * 1000:8.0f}ms {median * 1000:8.0f}ms {size / 1024:8.0f}K  {'ok' if ok else 'SLOW'}")
    print(f"{len(urls) - slow} of {len(urls)} answer under 300 ms")
finally:
    server.terminate()
    server.wait()
