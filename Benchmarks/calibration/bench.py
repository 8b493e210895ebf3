"""Times `hyperscope calibrate FILE --fit-temperature --resamples R --format json` beside the same
figures written with NumPy and SciPy (json.loads, a softmax, the ECE variants by their definitions,
the temperature by scipy.optimize, R bootstrap resamples of the test split before and after scaling),
and checks both give the same numbers.

    python3 bench.py HYPERSCOPE FILE RESAMPLES [--repeat N]
"""
import json
import subprocess
import sys
import time

import numpy as np
from scipy.optimize import minimize_scalar


def softmax(logits, temperature=1.0):
    scaled = logits / temperature
    exp = np.exp(scaled - scaled.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def equal_width_gap(scores, outcomes, bins):
    edges = np.linspace(0, 1, bins + 1)
    index = np.minimum(np.searchsorted(edges[1:], scores, side="left"), bins - 1)
    count = np.bincount(index, minlength=bins)
    score_sum = np.bincount(index, weights=scores, minlength=bins)
    outcome_sum = np.bincount(index, weights=outcomes, minlength=bins)
    full = count > 0
    gaps = np.abs(outcome_sum[full] / count[full] - score_sum[full] / count[full])
    return float((gaps * count[full]).sum() / len(scores)), float(gaps.max())


def figures(probabilities, labels, bins=15):
    confidence = probabilities.max(axis=1)
    correct = (probabilities.argmax(axis=1) == labels).astype(float)
    ece, mce = equal_width_gap(confidence, correct, bins)
    order = np.argsort(confidence, kind="stable")
    adaptive = sum(
        len(part) * abs(correct[part].mean() - confidence[part].mean())
        for part in np.array_split(order, bins) if len(part)) / len(labels)
    classes = probabilities.shape[1]
    classwise = np.mean([
        equal_width_gap(probabilities[:, k], (labels == k).astype(float), bins)[0] for k in range(classes)])
    onehot = np.eye(classes)[labels]
    return {
        "accuracy": correct.mean(),
        "nll": -np.log(np.clip(probabilities[np.arange(len(labels)), labels], 1e-15, None)).mean(),
        "brier": ((probabilities - onehot) ** 2).sum(axis=1).mean(),
        "ece": ece, "adaptive_ece": adaptive, "mce": mce, "classwise_ece": classwise,
    }


def numpy_calibrate(path, resamples):
    rows = [json.loads(line) for line in open(path)]
    split = {name: [row for row in rows if row["split"] == name] for name in ("val", "test")}
    logits = {name: np.array([row["logits"] for row in split[name]]) for name in split}
    labels = {name: np.array([row["label"] for row in split[name]]) for name in split}

    def nll(temperature):
        probabilities = softmax(logits["val"], temperature)
        return -np.log(np.clip(probabilities[np.arange(len(labels["val"])), labels["val"]], 1e-15, None)).mean()

    temperature = minimize_scalar(nll, bounds=(0.05, 20), method="bounded", options={"xatol": 1e-10}).x
    reports = []
    rng = np.random.default_rng(0)
    for probabilities in (softmax(logits["test"]), softmax(logits["test"], temperature)):
        report = figures(probabilities, labels["test"])
        samples = [figures(probabilities[picks], labels["test"][picks])
                   for picks in (rng.integers(0, len(labels["test"]), len(labels["test"])) for _ in range(resamples))]
        report["intervals"] = {key: np.percentile([s[key] for s in samples], [2.5, 97.5]) for key in samples[0]}
        reports.append(report)
    return temperature, reports


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], result


def main():
    binary, path, resamples = sys.argv[1], sys.argv[2], int(sys.argv[3])
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    command = [binary, "calibrate", path, "--fit-temperature", "--resamples", str(resamples), "--format", "json"]
    ours, output = timed(lambda: subprocess.run(command, check=True, capture_output=True).stdout, repeat)
    theirs, (temperature, reports) = timed(lambda: numpy_calibrate(path, resamples), repeat)
    ours_reports = json.loads(output)["reports"]
    examples = sum(1 for _ in open(path))
    print(f"{examples:,} examples ({examples // 2:,} per split), {resamples:,} bootstrap resamples of each test report")
    print(f"{'':34}{'seconds':>10}")
    print(f"{'hyperscope calibrate':34}{ours:>10.2f}")
    print(f"{'NumPy + SciPy (json.loads)':34}{theirs:>10.2f}")
    print(f"ratio: hyperscope is {theirs / ours:.1f}x NumPy + SciPy (median of {repeat})")
    keys = ("ece", "adaptive_ece", "mce", "classwise_ece", "nll", "brier", "accuracy")
    before = max(abs(ours_reports[0][key] - reports[0][key]) for key in keys)
    # After scaling the figures also carry the two optimisers' different temperatures.
    after = max(abs(ours_reports[1][key] - reports[1][key]) for key in keys)
    print(f"largest difference of a figure from NumPy's: {before:.1e} before scaling, {after:.1e} after; "
          f"temperature {ours_reports[1]['temperature']:.8f} (SciPy {temperature:.8f})")
    if before > 1e-9 or after > 1e-6 or abs(ours_reports[1]["temperature"] - temperature) > 1e-5:
        sys.exit("the figures differ from NumPy's")


main()
