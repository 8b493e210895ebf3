#!/usr/bin/env python3
"""Times the dashboard's pages over a benchmark database: bench.py HYPERSCOPE DATABASE DATA_DIR.

Starts `hyperscope serve` on a free loopback port, waits until it has read the runs and computed
the default pages, asks each URL once (first: what a visitor who asks for it first waits; results
are then kept until the database changes) and five times more (median of those; two when the
first answer took over 2 s), and prints a table
with the 300 ms goal of DESIGN.md. URLs with a filter no earlier URL used are computed from scratch.

Then serves the same study (DATA_DIR/study.json) with optuna-dashboard from an Optuna journal file
and times the calls its study page makes, for the ratio against Hyperscope's study page.
"""
import json, os, re, socket, statistics, subprocess, sys, time, urllib.request

binary, database, data = sys.argv[1], sys.argv[2], sys.argv[3]
GOAL = 0.3


def timed_get(base, path):
    started = time.perf_counter()
    with urllib.request.urlopen(base + path.lstrip("/"), timeout=900) as response:
        body = response.read()
        assert response.status == 200, (path, response.status)
    return time.perf_counter() - started, len(body)


def first_and_median(base, path):
    """The first answer's time, and the median of five more (two more when the first took over 2 s)."""
    first, size = timed_get(base, path)
    median = statistics.median(timed_get(base, path)[0] for _ in range(5 if first < 2 else 2))
    return first, median, size


def hyperscope_timings():
    server = subprocess.Popen([binary, "serve", "--db", database, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = re.search(r"http://\S+", server.stdout.readline()).group(0)
        # `serve` reads the runs and computes the default pages before it says it is ready.
        started = time.perf_counter()
        ready = server.stdout.readline().strip()
        print(f"{ready}  (waited {time.perf_counter() - started:.1f} s)")
        where = lambda text: "where=" + urllib.request.quote(text)
        urls = [
            "/", "/api/studies", "/studies/bench", "/api/studies/bench", "/studies/bench?sort=value&order=desc&offset=1000",
            "/studies/bench/trials/5000",
            "/runs?metric=val/acc", "/api/runs?metric=val/acc&limit=100", "/api/sweep?metric=val/acc",
            "/runs?metric=val/acc&by=p00", "/api/curves?metric=val/acc&by=p00", "/insights?metric=val/acc",
            "/api/experiments/hyperparameter-analysis/?metric=val/acc", "/api/importance?metric=val/acc",
            "/compare?by=p00&a=adam&b=sgd&metric=val/acc", "/api/compare?by=p00&a=adam&b=sgd&metric=val/acc",
            "/runs?metric=val/acc&" + where("p00 = adamw and p10 < 0.001"),
            # New filters keeping 11 of 12 runs: everything below is computed from scratch.
            "/runs?metric=val/acc&" + where("p25 > 1"),
            "/insights?metric=val/acc&" + where("p25 < 12"),
            "/api/sweep?metric=val/acc&" + where("p26 > 1"),
            "/compare?by=p01&a=vit&b=resnet18&metric=val/acc&" + where("p27 > 1"),
        ]
        print(f"{'url':<78} {'first':>9} {'median':>9} {'size':>9}  goal 300 ms")
        timings = {}
        for url in urls:
            first, median, size = first_and_median(base, url)
            timings[url] = (first, median)
            ok = max(first, median) < GOAL
            print(f"{url:<78} {first * 1000:8.0f}ms {median * 1000:8.0f}ms {size / 1024:8.0f}K  {'ok' if ok else 'SLOW'}")
        slow = sum(max(t) >= GOAL for t in timings.values())
        print(f"{len(urls) - slow} of {len(urls)} answer under 300 ms")
        return timings
    finally:
        server.terminate()
        server.wait()


def optuna_journal():
    """The Optuna journal file holding study.json's trials as study "bench" (written once, then kept)."""
    path = os.path.join(data, "optuna-journal.log")
    if os.path.exists(path + ".complete"):
        return path
    import optuna
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if os.path.exists(path):
        os.remove(path)
    with open(os.path.join(data, "study.json")) as handle:
        history = json.load(handle)
    distributions = {}
    for p in history["space"]:
        if p["type"] == "categorical":
            distributions[p["name"]] = CategoricalDistribution(p["choices"])
        elif p["type"] == "float":
            distributions[p["name"]] = FloatDistribution(p["low"], p["high"], log=p.get("log", False))
        else:
            distributions[p["name"]] = IntDistribution(p["low"], p["high"])
    started = time.perf_counter()
    storage = optuna.storages.JournalStorage(optuna.storages.journal.JournalFileBackend(path))
    study = optuna.create_study(storage=storage, study_name="bench", direction="maximize")
    trials = [optuna.trial.create_trial(params=t["params"], distributions=distributions, value=t["value"]) for t in history["trials"]]
    for start in range(0, len(trials), 5000):
        study.add_trials(trials[start:start + 5000])
    print(f"stored {len(trials)} trials in an Optuna journal in {time.perf_counter() - started:.0f} s")
    open(path + ".complete", "w").close()
    return path


def optuna_dashboard_timings():
    journal = optuna_journal()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = ("import optuna, optuna_dashboard; optuna.logging.set_verbosity(optuna.logging.WARNING); "
            f"optuna_dashboard.run_server(optuna.storages.JournalStorage(optuna.storages.journal.JournalFileBackend({journal!r})), host='127.0.0.1', port={port})")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        while True:
            try:
                timed_get(base, "/api/meta")
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("optuna-dashboard exited")
                time.sleep(0.2)
        print(f"\noptuna-dashboard {__import__('optuna_dashboard').__version__} answering after {time.perf_counter() - started:.1f} s (it reads the journal when asked)")
        urls = ["/dashboard/studies/0", "/api/studies", "/api/studies/0?after=0", "/api/studies/0/param_importances"]
        timings = {}
        print(f"{'url':<78} {'first':>9} {'median':>9} {'size':>9}")
        for url in urls:
            first, median, size = first_and_median(base, url)
            timings[url] = (first, median)
            print(f"{url:<78} {first * 1000:8.0f}ms {median * 1000:8.0f}ms {size / 1024:8.0f}K")
        return timings
    finally:
        server.terminate()
        server.wait()


ours = hyperscope_timings()
theirs = optuna_dashboard_timings()
print("\nThe same study in both (its page: the HTML with every plot here; the trials JSON its page")
print("loads there, before the browser draws it), and its parameter importance:")
print(f"{'what':<44} {'Hyperscope':>12} {'optuna-dashboard':>17} {'ratio':>7}")
pairs = [
    ("study page, first request", ours["/studies/bench"][0], theirs["/api/studies/0?after=0"][0]),
    ("study page, later requests (median)", ours["/studies/bench"][1], theirs["/api/studies/0?after=0"][1]),
    ("study data as JSON, first request", ours["/api/studies/bench"][0], theirs["/api/studies/0?after=0"][0]),
    ("parameter importance, first request", ours["/api/studies/bench"][0], theirs["/api/studies/0/param_importances"][0]),
    ("home / study list, first request", ours["/api/studies"][0], theirs["/api/studies"][0]),
]
for what, mine, other in pairs:
    print(f"{what:<44} {mine * 1000:10.0f}ms {other * 1000:15.0f}ms {other / max(mine, 1e-6):6.0f}×")
