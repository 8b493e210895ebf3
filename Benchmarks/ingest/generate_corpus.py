#!/usr/bin/env python3
"""Writes a reproducible corpus of Hyperscope JSON-lines training logs for the ingestion benchmark.

Usage: generate_corpus.py OUTPUT_DIR SIZE_MB [--seed N] [--shape rounded|full|wandb|nested]

Each run is one file: a config line, per-step train metrics, per-epoch val metrics, a result and
an end line, laid out in folders of 50 runs. The same seed, size and shape always give the same bytes.

- rounded (the default): numbers printed with 3-6 digits; runs of 0.2 to 6 MB.
- full: every line written by json.dumps, as most training scripts log, so floats carry all 17
  significant digits; 9 fields a line, runs of 300 to 60,000 steps, a rare NaN.
- wandb: the same runs as W&B's wandb-history.jsonl writes them (one folder a run): no event
  field, `_step`, `_runtime` and `_timestamp`, metrics named `train/loss`, W&B's own nested
  `_wandb` object on every line, train and val metrics on separate lines.
- nested: the same runs with each line's metrics grouped in a nested object by split
  (`{"epoch": 0, "step": 1, "time": ..., "train": {"loss": ..., "acc": ...}}`), as json.dumps
  writes a dict of dicts.
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


def as_wandb(record, start):
    """A Hyperscope metrics record as a line of W&B's wandb-history.jsonl; None for other records."""
    if record.get("event") != "metrics":
        return None
    t = record.get("time", start)
    line = {"_step": record["step"], "_runtime": t - start, "_timestamp": t, "epoch": record["epoch"]}
    for key, value in record.items():
        if key not in ("event", "split", "epoch", "step", "time"):
            line[record["split"] + "/" + key] = value
    line["_wandb"] = {"runtime": int(t - start)}
    return line


def as_nested(record):
    """A Hyperscope metrics record with its metrics grouped in an object named by the split."""
    if record.get("event") != "metrics":
        return record
    line = {key: record[key] for key in ("epoch", "step", "time") if key in record}
    line[record["split"]] = {k: v for k, v in record.items() if k not in ("event", "split", "epoch", "step", "time")}
    return line


def write_full_precision_run(path, rng, style="full"):
    """A run logged with json.dumps: full-precision floats, 9 fields a line, a rare NaN; written as
    Hyperscope's log (style full), W&B's history (wandb) or with nested metrics (nested)."""
    lr = 10 ** rng.uniform(-4, -1)
    params = {"optimizer": rng.choice(["adam", "sgd", "adamw"]), "lr": lr, "dropout": rng.uniform(0, 0.5),
              "batch_size": rng.choice([32, 64, 128, 256]), "seed": rng.randrange(5)}
    start = 1716000000.0 + rng.random()
    records = [{"event": "config", "params": params, "time": start}]
    steps = int(math.exp(rng.uniform(math.log(300), math.log(60000))))
    t = 1716000000.0 + rng.random()
    loss = 2.3 + rng.random()
    for step in range(1, steps + 1):
        t += 0.05 + rng.random() * 0.01
        loss = max(0.01, loss * 0.9995 + rng.gauss(0, 0.01))
        grad_norm = float("nan") if rng.random() < 1e-4 else abs(rng.gauss(1, 0.3))
        records.append({
            "event": "metrics", "split": "train", "epoch": step // 500, "step": step, "time": t,
            "loss": loss, "acc": min(1.0, 1.0 - loss / 2.5 + rng.gauss(0, 0.01)),
            "lr": lr * (1 - step / (steps + 1)), "grad_norm": grad_norm,
        })
        if step % 500 == 0:
            records.append({"event": "metrics", "split": "val", "epoch": step // 500, "step": step,
                            "loss": loss * 1.1, "acc": 1.0 - loss / 2.4})
    records.append({"event": "end", "status": "completed", "train_time_s": t - 1716000000.0})
    if style == "wandb":
        records = [line for line in (as_wandb(record, start) for record in records) if line is not None]
    elif style == "nested":
        records = [as_nested(record) for record in records]
    text = "\n".join(json.dumps(record) for record in records) + "\n"
    with open(path, "w") as handle:
        handle.write(text)
    return len(text)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, size_mb = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1
    shape = sys.argv[sys.argv.index("--shape") + 1] if "--shape" in sys.argv else "rounded"
    if shape not in ("rounded", "full", "wandb", "nested"):
        sys.exit("--shape is rounded, full, wandb or nested")
    rng = random.Random(seed)
    total, index = 0, 0
    target = int(size_mb * 1e6)
    while total < target:
        folder = os.path.join(out, "sweep%03d" % (index // 50))
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "run%05d.jsonl" % index)
        if shape == "wandb":  # a folder a run, as W&B lays them out
            os.makedirs(os.path.join(folder, "run%05d" % index), exist_ok=True)
            path = os.path.join(folder, "run%05d" % index, "wandb-history.jsonl")
        if shape in ("full", "wandb", "nested"):
            total += write_full_precision_run(path, rng, shape)
        else:
            run_bytes = min(int(rng.uniform(0.2, 6.0) * 1e6), target - total + 1000)
            total += write_run(path, rng, run_bytes)
        index += 1
    print("%d runs, %.1f MB in %s" % (index, total / 1e6, out))


if __name__ == "__main__":
    main()
