#!/usr/bin/env python3
"""Writes a reproducible corpus of Hyperscope JSON-lines training logs for the ingestion benchmark.

Usage: generate_corpus.py OUTPUT_DIR SIZE_MB [--seed N] [--shape rounded|full]

Each run is one file: a config line, per-step train metrics, per-epoch val metrics, a result and
an end line, laid out in folders of 50 runs. The same seed, size and shape always give the same bytes.

- rounded (the default): numbers printed with 3-6 digits; runs of 0.2 to 6 MB.
- full: every line written by json.dumps, as most training scripts log, so floats carry all 17
  significant digits; 9 fields a line, runs of 300 to 60,000 steps, a rare NaN.
"""
import json
import math
import os
import random
import sys


def write_run(path, rng, target_bytes):
    lr = 10 ** rng.uniform(-4, -1)
    params = {
        "optim": {"name": rng.choice(["adam", "sgd", "adamw"]), "lr": lr, "weight_decay": rng.choice([0.0, 1e-4, 1e-2])},
        "model": {"arch": rng.choice(["resnet18", "resnet50", "vit_s"]), "width": rng.choice([64, 128, 256])},
        "batch_size": rng.choice([32, 64, 128, 256]),
        "seed": rng.randrange(5),
        "paths": {"out": "/scratch/run/%08x" % rng.getrandbits(32)},
    }
    lines = [json.dumps({"event": "config", "params": params, "time": 1716000000.0})]
    size = len(lines[0]) + 1
    step = 0
    epoch = 0
    t = 1716000000.0
    loss = 2.3
    while size < target_bytes:
        epoch += 1
        for _ in range(200):
            step += 1
            t += 0.05 + rng.random() * 0.01
            loss = max(0.01, loss * 0.999 + rng.gauss(0, 0.01))
            line = '{"event":"metrics","split":"train","epoch":%d,"step":%d,"time":%.3f,"loss":%.6f,"acc":%.5f,"lr":%.6g}' % (
                epoch, step, t, loss, min(1.0, 1.0 - loss / 2.5 + rng.gauss(0, 0.01)), lr)
            lines.append(line)
            size += len(line) + 1
        line = '{"event":"metrics","split":"val","epoch":%d,"step":%d,"loss":%.6f,"acc":%.5f,"top5":%.5f}' % (
            epoch, step, loss * 1.1, 1.0 - loss / 2.4, 1.0 - loss / 5)
        lines.append(line)
        size += len(line) + 1
    lines.append(json.dumps({"event": "message", "text": "finished %d epochs" % epoch}))
    lines.append(json.dumps({"event": "result", "objective": 1.0 - loss / 2.4}))
    lines.append(json.dumps({"event": "end", "status": "completed", "train_time_s": t - 1716000000.0}))
    with open(path, "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return size


def write_full_precision_run(path, rng):
    """A run logged with json.dumps: full-precision floats, 9 fields a line, a rare NaN."""
    lr = 10 ** rng.uniform(-4, -1)
    params = {"optimizer": rng.choice(["adam", "sgd", "adamw"]), "lr": lr, "dropout": rng.uniform(0, 0.5),
              "batch_size": rng.choice([32, 64, 128, 256]), "seed": rng.randrange(5)}
    lines = [json.dumps({"event": "config", "params": params, "time": 1716000000.0 + rng.random()})]
    steps = int(math.exp(rng.uniform(math.log(300), math.log(60000))))
    t = 1716000000.0 + rng.random()
    loss = 2.3 + rng.random()
    for step in range(1, steps + 1):
        t += 0.05 + rng.random() * 0.01
        loss = max(0.01, loss * 0.9995 + rng.gauss(0, 0.01))
        grad_norm = float("nan") if rng.random() < 1e-4 else abs(rng.gauss(1, 0.3))
        lines.append(json.dumps({
            "event": "metrics", "split": "train", "epoch": step // 500, "step": step, "time": t,
            "loss": loss, "acc": min(1.0, 1.0 - loss / 2.5 + rng.gauss(0, 0.01)),
            "lr": lr * (1 - step / (steps + 1)), "grad_norm": grad_norm,
        }))
        if step % 500 == 0:
            lines.append(json.dumps({"event": "metrics", "split": "val", "epoch": step // 500, "step": step,
                                     "loss": loss * 1.1, "acc": 1.0 - loss / 2.4}))
    lines.append(json.dumps({"event": "end", "status": "completed", "train_time_s": t - 1716000000.0}))
    text = "\n".join(lines) + "\n"
    with open(path, "w") as handle:
        handle.write(text)
    return len(text)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, size_mb = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    shape = sys.argv[sys.argv.index("--shape") + 1] if "--shape" in sys.argv else "rounded"
    if shape not in ("rounded", "full"):
        sys.exit("--shape is rounded or full")
    rng = random.Random(seed)
    total, index = 0, 0
    target = int(size_mb * 1e6)
    while total < target:
        folder = os.path.join(out, "sweep%03d" % (index // 50))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "run%05d.jsonl" % index)
        if shape == "full":
            total += write_full_precision_run(path, rng)
        else:
            run_bytes = min(int(rng.uniform(0.2, 6.0) * 1e6), target - total + 1000)
            total += write_run(path, rng, run_bytes)
        index += 1
    print("%d runs, %.1f MB in %s" % (index, total / 1e6, out))


if __name__ == "__main__":
    main()
