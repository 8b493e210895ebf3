#!/usr/bin/env python3
"""Hyperscope's samplers beside Optuna's, measured in the same run on the same inputs.

Usage: bench.py SAMPLER_BENCHMARK_BINARY HYPERSCOPE_BINARY [--quick]

(a) time of one ask: TPE (multivariate) at 100/1,000/5,000 finished trials and GP-BO at 50/200/500/2,000,
    on the same 10-dimensional mixed history, against Optuna's TPESampler and GPSampler;
(b) median best value after 100 trials over 10 seeds on Branin, Hartmann-6, Rosenbrock-5, Ackley-5
    and a mixed categorical/log function, ours beside Optuna's TPE and GP;
(c) trials per second with a no-op objective on a SQLite study, 4 workers, random and TPE, against
    Optuna with SQLite storage (n_jobs=4);
(d) held-out objectives run through `hyperscope search` as commands (functions.py as the child
    process), beside Optuna with the same budget and seeds;
(e) several objectives: hypervolume of NSGA-II and multi-objective TPE beside Optuna's, and NSGA-II's
    ask after 1,000 trials;
(f) trials per second when the objective is a /bin/sh script, 1 and 4 workers, against an Optuna
    SQLite study calling subprocess.run on the same script, beside the script spawned alone (the
    ceiling of any tool that runs a process per trial). Both studies live in a temporary folder:
    TMPDIR=/dev/shm keeps the file system's state out of the comparison.
--quick runs small sizes and skips GP (for CI, which only checks that the benchmark works).
"""
import concurrent.futures
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

import functions

optuna.logging.set_verbosity(optuna.logging.ERROR)
BINARY = sys.argv[1]
HYPERSCOPE = sys.argv[2]
QUICK = "--quick" in sys.argv


def ours(*args):
    output = subprocess.run([BINARY, *map(str, args)], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def distributions():
    result = {}
    for p in functions.ASK_SPACE:
        if p["type"] == "float":
            result[p["name"]] = FloatDistribution(p["low"], p["high"], log=p.get("log", False), step=p.get("step"))
        elif p["type"] == "int":
            result[p["name"]] = IntDistribution(p["low"], p["high"], log=p.get("log", False))
        else:
            result[p["name"]] = CategoricalDistribution(p["choices"])
    return result


def history(count, seed):
    """A reproducible history of `count` finished trials on the 10-dimensional space."""
    rng = random.Random(seed)
    trials = []
    for _ in range(count):
        params = {}
        for p in functions.ASK_SPACE:
            if p["type"] == "categorical":
                params[p["name"]] = rng.choice(p["choices"])
            elif p.get("log"):
                value = 10 ** rng.uniform(__import__("math").log10(p["low"]), __import__("math").log10(p["high"]))
                params[p["name"]] = round(value) if p["type"] == "int" else value
            elif p["type"] == "int":
                params[p["name"]] = rng.randint(p["low"], p["high"])
            else:
                step = p.get("step")
                value = rng.uniform(p["low"], p["high"])
                params[p["name"]] = round(round(value / step) * step, 10) if step else value
        params["units"] = max(16, min(1024, params["units"]))
        params["batch_size"] = max(8, min(512, params["batch_size"]))
        value = (abs(__import__("math").log10(params["lr"]) + 3) + params["dropout"] + 0.1 * params["layers"]
                 + (0 if params["optimizer"] == "adam" else 0.5) + rng.gauss(0, 0.1))
        trials.append({"params": params, "value": value})
    return {"space": functions.ASK_SPACE, "trials": trials}


def optuna_ask_ms(sampler_factory, data, repeats):
    dists = distributions()
    times = []
    for r in range(repeats):
        study = optuna.create_study(sampler=sampler_factory(r))
        study.add_trials([optuna.trial.create_trial(params=t["params"], distributions=dists, value=t["value"]) for t in data["trials"]])
        start = time.perf_counter()
        study.ask(fixed_distributions=dists)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def ask_latency():
    print("\n(a) time of one ask on a 10-dimensional mixed space (median of repeats)")
    print(f"{'sampler':8} {'history':>8} {'hyperscope':>12} {'optuna':>12} {'ratio':>8}")
    cases = [("tpe", n) for n in ([100, 1000] if QUICK else [100, 1000, 5000])]
    if not QUICK:
        cases += [("gp", n) for n in [50, 200, 500, 2000]]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, count in cases:
            data = history(count, seed=count)
            path = os.path.join(folder, f"history-{count}.json")
            with open(path, "w") as f:
                json.dump(data, f)
            # Optuna's GP takes tens of seconds an ask at 2,000 trials: one ask each there.
            repeats = (1 if count >= 2000 else 3) if name == "gp" else (5 if count >= 5000 else 15)
            mine = ours("ask", path, name, repeats)["median_ms"]
            if name == "tpe":
                theirs = optuna_ask_ms(lambda r: optuna.samplers.TPESampler(multivariate=True, seed=r, n_startup_trials=10), data, repeats)
            else:
                theirs = optuna_ask_ms(lambda r: optuna.samplers.GPSampler(seed=r, n_startup_trials=10), data, repeats)
            rows.append((name, count, mine, theirs))
            print(f"{name:8} {count:>8} {mine:>10.2f}ms {theirs:>10.2f}ms {theirs / mine:>7.1f}x", flush=True)
    return rows


def quality():
    seeds = list(range(3 if QUICK else 10))
    trials = 30 if QUICK else 100
    samplers = ["tpe"] if QUICK else ["tpe", "gp"]
    print(f"\n(b) median best value after {trials} trials over {len(seeds)} seeds (smaller is better)")
    print(f"{'function':12} {'sampler':8} {'hyperscope':>12} {'optuna':>12}  verdict")
    rows = []
    for function in ["branin", "hartmann6", "rosenbrock5", "ackley5", "mixed"]:
        for name in samplers:
            mine = statistics.median(ours("optimize", function, name, trials, *seeds)["best"])
            best = []
            for seed in seeds:
                sampler = (optuna.samplers.TPESampler(multivariate=True, seed=seed) if name == "tpe"
                           else optuna.samplers.GPSampler(seed=seed))
                study = optuna.create_study(sampler=sampler)
                study.optimize(lambda t: functions.value(function, functions.suggest(t, function)), n_trials=trials)
                best.append(study.best_value)
            theirs = statistics.median(best)
            tolerance = 1e-3 * max(1.0, abs(theirs))
            verdict = "equal" if abs(mine - theirs) <= tolerance else ("better" if mine < theirs else "worse")
            rows.append((function, name, mine, theirs, verdict))
            print(f"{function:12} {name:8} {mine:>12.5g} {theirs:>12.5g}  {verdict}", flush=True)
    return rows


def throughput():
    trials = 100 if QUICK else 500
    print(f"\n(c) trials per second over {trials} trials, no-op objective, SQLite study, 4 workers")
    print(f"{'sampler':8} {'hyperscope':>12} {'optuna':>12} {'ratio':>8}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in ["random", "tpe"]:
            mine = ours("throughput", name, trials, 4, os.path.join(folder, f"h-{name}.db"))["trials_per_second"]
            storage = f"sqlite:///{os.path.join(folder, f'o-{name}.db')}"
            sampler = optuna.samplers.RandomSampler(seed=0) if name == "random" else optuna.samplers.TPESampler(seed=0, multivariate=True)
            study = optuna.create_study(storage=storage, sampler=sampler)
            start = time.perf_counter()
            study.optimize(lambda t: t.suggest_float("x", -10, 10) ** 2, n_trials=trials, n_jobs=4)
            theirs = trials / (time.perf_counter() - start)
            rows.append((name, mine, theirs))
            print(f"{name:8} {mine:>10.1f}/s {theirs:>10.1f}/s {mine / theirs:>7.1f}x", flush=True)
    return rows


def through_the_command_line():
    seeds = list(range(2 if QUICK else 5))
    trials = 20 if QUICK else 60
    cases = [("hartmann6", "tpe")] if QUICK else [("hartmann6", "tpe"), ("hartmann6", "gp"), ("mixed", "tpe"), ("branin", "gp")]
    print(f"\n(d) `hyperscope search` running functions.py as its command: median best after {trials} trials over {len(seeds)} seeds")
    print(f"{'function':12} {'sampler':8} {'hyperscope':>12} {'optuna':>12}  verdict")
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for function, name in cases:
        mine = []
        with tempfile.TemporaryDirectory() as folder:
            keys = [line.split(":")[0].strip() for line in functions.space_yaml(function).splitlines()]
            command = ", ".join([f'"{sys.executable}"', f'"{os.path.join(here, "functions.py")}"', function] + [f'"{k}={{{k}}}"' for k in keys])
            config = os.path.join(folder, "search.yaml")
            with open(config, "w") as f:
                f.write(f"objective:\n  command: [{command}]\n  metric: objective\n  goal: min\nparameters:\n{functions.space_yaml(function)}"
                        f"strategy: {name}\ntrials: {trials}\nsampler: {{startup_trials: 10}}\n")
            for seed in seeds:
                db = os.path.join(folder, f"s{seed}.db")
                subprocess.run([HYPERSCOPE, "search", "--config", config, "--seed", str(seed), "--study", f"s{seed}", "--db", db],
                               check=True, capture_output=True, text=True)
                runs = json.loads(subprocess.run([HYPERSCOPE, "runs", "--db", db, "--format", "json"], check=True, capture_output=True, text=True).stdout)
                mine.append(min(r["metrics"]["objective"]["last"] for r in runs if r["status"] == "completed"))
        theirs = []
        for seed in seeds:
            sampler = (optuna.samplers.TPESampler(multivariate=True, seed=seed) if name == "tpe" else optuna.samplers.GPSampler(seed=seed))
            study = optuna.create_study(sampler=sampler)
            study.optimize(lambda t: functions.value(function, functions.suggest(t, function)), n_trials=trials)
            theirs.append(study.best_value)
        a, b = statistics.median(mine), statistics.median(theirs)
        verdict = "equal" if abs(a - b) <= 1e-3 * max(1.0, abs(b)) else ("better" if a < b else "worse")
        rows.append((function, name, a, b, verdict))
        print(f"{function:12} {name:8} {a:>12.5g} {b:>12.5g}  {verdict}", flush=True)
    return rows


def mann_whitney_p(a, b):
    """Two-sided Mann-Whitney U test p-value (normal approximation with tie and continuity corrections,
    as scipy.stats.mannwhitneyu(a, b, method="asymptotic") computes it)."""
    pooled = sorted((value, side) for side, values in enumerate([a, b]) for value in values)
    ties, i = 0.0, 0
    rank_sum_a = 0.0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        rank = (i + j) / 2 + 1
        count = j - i + 1
        ties += count ** 3 - count
        rank_sum_a += rank * sum(1 for k in range(i, j + 1) if pooled[k][1] == 0)
        i = j + 1
    n1, n2 = len(a), len(b)
    n = n1 + n2
    u = rank_sum_a - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    sd = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    if sd == 0:
        return 1.0
    z = (abs(u - mean) - 0.5) / sd
    return min(1.0, math.erfc(max(z, 0) / math.sqrt(2)))


def verdict(mine, theirs):
    """better, worse or equal (larger is better) by the Mann-Whitney test over seeds at the 5% level."""
    p = mann_whitney_p(mine, theirs)
    if p >= 0.05:
        return f"equal (p={p:.2f})"
    return ("better" if statistics.median(mine) > statistics.median(theirs) else "worse") + f" (p={p:.3f})"


def several_objectives():
    seeds = list(range(3 if QUICK else 10))
    checkpoint, trials = (50, 100) if QUICK else (100, 200)
    problems = ["zdt1", "dtlz2"] if QUICK else ["zdt1", "zdt2", "dtlz2", "mlmixed"]
    print(f"\n(e) several objectives: median hypervolume after {checkpoint} and {trials} trials over {len(seeds)} seeds "
          "(larger is better; exact, up to a fixed reference point; verdict by a two-sided Mann-Whitney test "
          "over the seeds at 5%)")
    print(f"{'problem':10} {'trials':>6} {'NSGA-II: hyperscope':>20} {'optuna':>8}  {'verdict':16} "
          f"{'MOTPE: hyperscope':>18} {'optuna':>8}  verdict")
    rows = []
    for problem in problems:
        reference = functions.MO_REFERENCE[problem]
        mine = {name: ours("optimize-mo", problem, name, trials, checkpoint, *seeds)["hypervolume"] for name in ["nsga2", "motpe"]}
        theirs = {}
        samplers = {
            "nsga2": lambda seed: optuna.samplers.NSGAIISampler(seed=seed, population_size=50),
            "motpe": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
        }
        for name, factory in samplers.items():
            volumes = []
            for seed in seeds:
                study = optuna.create_study(directions=["minimize"] * len(reference), sampler=factory(seed))
                study.optimize(lambda t: functions.values_mo(problem, functions.suggest_mo(t, problem)), n_trials=trials)
                values = [t.values for t in study.trials if t.values is not None]
                volumes.append((functions.hypervolume(values[:checkpoint], reference), functions.hypervolume(values, reference)))
            theirs[name] = volumes
        for index, count in enumerate([checkpoint, trials]):
            cells = []
            for name in ["nsga2", "motpe"]:
                ours_volumes = [v[index] for v in mine[name]]
                their_volumes = [v[index] for v in theirs[name]]
                a, b = statistics.median(ours_volumes), statistics.median(their_volumes)
                cells.append((a, b, verdict(ours_volumes, their_volumes)))
            rows.append((problem, count, cells))
            (a1, b1, v1), (a2, b2, v2) = cells
            print(f"{problem:10} {count:>6} {a1:>20.4f} {b1:>8.4f}  {v1:16} {a2:>18.4f} {b2:>8.4f}  {v2}", flush=True)
    # One ask after 1,000 finished trials.
    count, repeats = 1000, 100
    # The best of three processes' medians after one untimed run, as the ingestion benchmark keeps the
    # best of its runs: on this machine the first runs of a freshly built binary take its asks 70%
    # longer (CI read 0.027 ms; later runs of the same binary 0.016 ms).
    ours("ask-mo", "zdt1", count, 10)
    mine = min(ours("ask-mo", "zdt1", count, repeats)["median_ms"] for _ in range(3))
    # Optuna's history is its own NSGA-II's (trials added by hand carry no generation, and its
    # NSGA-II would then sample at random).
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=optuna.samplers.NSGAIISampler(seed=0, population_size=50))
    study.optimize(lambda t: functions.values_mo("zdt1", functions.suggest_mo(t, "zdt1")), n_trials=count)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        trial = study.ask()
        functions.suggest_mo(trial, "zdt1")
        times.append((time.perf_counter() - start) * 1000)
        study.tell(trial, state=optuna.trial.TrialState.FAIL)
    theirs_ms = statistics.median(times)
    print(f"NSGA-II ask after {count} trials: hyperscope {mine:.3f} ms, optuna {theirs_ms:.3f} ms ({theirs_ms / mine:.1f}x)")
    return rows


def cheap_trials():
    """Trials per second when the objective is a /bin/sh script that prints its value at once: what a
    search costs besides the training (spawning, folders, logs, commits, scheduling)."""
    trials = 100 if QUICK else 400
    print(f"\n(f) trials per second with a /bin/sh objective, {trials} trials, random sampler, SQLite study;")
    print("    'spawns alone' runs the script as many times from Python threads and does nothing else: the")
    print("    ceiling of any tool that starts one process per trial")
    print(f"{'workers':>7} {'hyperscope':>12} {'optuna':>10} {'ratio':>7} {'spawns alone':>13}")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "objective.sh")
        with open(script, "w") as f:
            f.write('echo "{\\"objective\\": $1}"\n')
        config = os.path.join(folder, "search.yaml")
        with open(config, "w") as f:
            f.write(f'objective:\n  command: [/bin/sh, "{script}", "{{x}}"]\n  metric: objective\n  goal: min\n'
                    f"parameters:\n  x: {{low: 0.0, high: 1.0}}\nstrategy: random\ntrials: {trials}\n")
        for workers in [1, 4]:
            db = os.path.join(folder, f"ours{workers}.db")
            start = time.perf_counter()
            subprocess.run([HYPERSCOPE, "search", "--config", config, "--parallel", str(workers), "--study", f"w{workers}",
                            "--db", db, "--runs-dir", os.path.join(folder, f"runs{workers}")],
                           check=True, capture_output=True, text=True)
            mine = trials / (time.perf_counter() - start)

            def objective(trial):
                x = trial.suggest_float("x", 0.0, 1.0)
                out = subprocess.run(["/bin/sh", script, repr(x)], check=True, capture_output=True, text=True).stdout
                return json.loads(out)["objective"]

            storage = "sqlite:///" + os.path.join(folder, f"optuna{workers}.db")
            study = optuna.create_study(storage=storage, sampler=optuna.samplers.RandomSampler(seed=0))
            start = time.perf_counter()
            study.optimize(objective, n_trials=trials, n_jobs=workers)
            theirs = trials / (time.perf_counter() - start)
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                list(pool.map(lambda _: subprocess.run(["/bin/sh", script, "0.5"], check=True, capture_output=True),
                              range(trials)))
            alone = trials / (time.perf_counter() - start)
            rows.append((workers, mine, theirs, alone))
            print(f"{workers:>7} {mine:>10.1f}/s {theirs:>8.1f}/s {mine / theirs:>6.1f}x {alone:>11.1f}/s (goal 20x)",
                  flush=True)
    return rows


if __name__ == "__main__":
    print(f"optuna {optuna.__version__}; hyperscope release build; {os.cpu_count()} cores" + (" (quick mode)" if QUICK else ""))
    ask_latency()
    quality()
    throughput()
    through_the_command_line()
    several_objectives()
    cheap_trials()
