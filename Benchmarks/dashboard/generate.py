#!/usr/bin/env python3
"""Writes the dashboard benchmark's runs: a W&B-style sweep export (CSV) and JSONL training logs.

Usage: generate.py OUT_DIR RUNS LOGS

OUT_DIR/sweep.csv holds RUNS - LOGS rows with 30 parameters (config.p00 ... config.p29: ten
categorical, ten log-uniform floats, ten integers) and two metrics (summary.val/acc, summary.val/loss);
OUT_DIR/logs/ holds LOGS Hyperscope logs with the same parameters and 20 epochs of curves.
OUT_DIR/study.json holds RUNS finished trials of a study over the same 30 parameters (the search
space and each trial's parameters and accuracy), for both Hyperscope and Optuna to store.
The accuracy depends on a few parameters plus noise, so insights and importance have something to find.
Reproducible: the random generator is seeded.
"""
import csv, json, math, os, random, sys

out, total, logs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(20261123)
CHOICES = [["adam", "sgd", "adamw"], ["resnet18", "resnet50", "vit"], ["relu", "gelu"], ["none", "light", "heavy"], ["a", "b", "c", "d"],
           ["cosine", "step", "constant"], ["fp16", "bf16", "fp32"], ["small", "medium", "large"], ["yes", "no"], ["x", "y", "z"]]

SPACE = ([{"name": f"p{i:02d}", "type": "categorical", "choices": CHOICES[i]} for i in range(10)]
         + [{"name": f"p{i:02d}", "type": "float", "low": 1e-5, "high": 1e-1, "log": True} for i in range(10, 20)]
         + [{"name": f"p{i:02d}", "type": "categorical", "choices": [16, 32, 64, 128, 256]} for i in range(20, 25)]
         + [{"name": f"p{i:02d}", "type": "int", "low": 1, "high": 12} for i in range(25, 30)])

def params():
    p = {}
    for i in range(10):
        p[f"p{i:02d}"] = rng.choice(CHOICES[i])
    for i in range(10, 20):
        p[f"p{i:02d}"] = round(10 ** rng.uniform(-5, -1), 8)
    for i in range(20, 30):
        p[f"p{i:02d}"] = rng.choice([16, 32, 64, 128, 256]) if i < 25 else rng.randint(1, 12)
    return p

def accuracy(p):
    lr = p["p10"]
    base = 0.9 - 0.08 * abs(math.log10(lr) + 3) + (0.03 if p["p00"] == "adamw" else 0) + (0.02 if p["p01"] == "vit" else 0)
    return max(0.05, min(0.99, base - 0.002 * p["p25"] + rng.gauss(0, 0.02)))

os.makedirs(os.path.join(out, "logs"), exist_ok=True)
names = [f"p{i:02d}" for i in range(30)]
with open(os.path.join(out, "sweep.csv"), "w", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(["Name", "State", "Runtime"] + [f"config.{n}" for n in names] + ["summary.val/acc", "summary.val/loss"])
    for row in range(total - logs):
        p = params()
        acc = accuracy(p)
        writer.writerow([f"run-{row}", "finished", rng.randint(60, 600)] + [p[n] for n in names] + [round(acc, 5), round(1 - acc + rng.gauss(0, 0.01), 5)])
for index in range(logs):
    p = params()
    final = accuracy(p)
    lines = [json.dumps({"event": "config", "params": p})]
    for epoch in range(1, 21):
        acc = final * (1 - math.exp(-epoch / 5)) + rng.gauss(0, 0.005)
        lines.append(json.dumps({"event": "metrics", "split": "val", "epoch": epoch, "acc": round(acc, 5), "loss": round(1 - acc, 5)}))
    lines.append(json.dumps({"event": "end", "status": "completed"}))
    with open(os.path.join(out, "logs", f"run{index:05d}.jsonl"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
trials = []
for index in range(total):
    p = params()
    trials.append({"params": p, "value": round(accuracy(p), 5)})
with open(os.path.join(out, "study.json"), "w") as handle:
    json.dump({"space": SPACE, "trials": trials}, handle)
