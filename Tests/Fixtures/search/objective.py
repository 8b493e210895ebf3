#!/usr/bin/env python3
"""A test objective: prints Hyperscope JSON lines for x (and y), and misbehaves on request.

It writes its arguments and HYPERSCOPE_* environment to argv.json and env.json in its trial folder.

Usage: objective.py --x X [--y Y] [--mode ok|crash|hang|silent|slow|stall] [--seed S] [--epochs N] [--stall-while PATH [--stall-from N]]
The value is -(x - 0.3)^2 - (y - 0.7)^2 plus a little seed noise, reported per epoch as val/score.
"""
import json, math, os, sys, time

args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
x = float(args.get("--x", "0"))
y = float(args.get("--y", "0.5"))
mode = args.get("--mode", "ok")
seed = int(args.get("--seed", "0"))
epochs = int(args.get("--epochs", "5"))
# --stall-while PATH: from trial --stall-from (default 2) on, stop after epoch 2 until PATH is
# removed (tests kill the orchestrator while such trials are certainly running).
stall_marker = args.get("--stall-while")
stall_from = int(args.get("--stall-from", "2"))
# Every argument arrives as one argv item, whatever it holds: record them for the injection test.
folder = os.environ.get("HYPERSCOPE_TRIAL_DIR", ".")
with open(folder + "/argv.json", "w") as f:
    json.dump(sys.argv[1:], f)
with open(folder + "/env.json", "w") as f:
    json.dump({k: v for k, v in os.environ.items() if k.startswith("HYPERSCOPE_")}, f)
print(json.dumps({"event": "config", "params": {"x": x, "y": y, "mode": mode}}), flush=True)
if mode == "crash":
    print("Traceback (most recent call last):\nValueError: planted crash", file=sys.stderr)
    sys.exit(3)
if mode == "hang":
    # A worker process of its own, as training scripts start: it must be stopped with the trial.
    import subprocess
    subprocess.Popen(["sleep", "600"])
    time.sleep(600)
target = -(x - 0.3) ** 2 - (y - 0.7) ** 2 + 0.001 * math.sin(seed + 1)
for epoch in range(1, epochs + 1):
    if mode == "slow":
        time.sleep(0.4)
    if mode == "stall" and epoch == 3:
        time.sleep(180)  # only a stopped (pruned) run ends before this, even on a loaded machine
    if stall_marker and epoch == 3 and int(os.environ.get("HYPERSCOPE_TRIAL", "0")) >= stall_from:
        while os.path.exists(stall_marker):
            time.sleep(0.1)
    value = target - 0.5 / epoch
    print("epoch %d done" % epoch)  # plain text mixed in, as real scripts do
    print(json.dumps({"event": "metrics", "split": "val", "epoch": epoch, "score": value}), flush=True)
if mode != "silent":
    print(json.dumps({"event": "end", "status": "completed"}), flush=True)
