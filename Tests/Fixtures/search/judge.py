#!/usr/bin/env python3
"""A stand-in judge for sampler-bench style searches: scores one generation from its settings.

Usage: judge.py --sampler NAME --temperature T [--top_p=P] [--min_p=M] --prompt TEXT --seed S
Prints {"event": "result", "objective": score}. Best around min_p with temperature 1.1.
"""
import json, math, sys

args, rest = {}, sys.argv[1:]
while rest:
    if "=" in rest[0]:
        key, value = rest.pop(0).split("=", 1)
    else:
        key, value = rest.pop(0), rest.pop(0)
    args[key] = value
t = float(args["--temperature"])
score = 7.0 - 3 * (t - 1.1) ** 2
if args["--sampler"] == "min_p":
    score += 0.5 - 10 * abs(float(args.get("--min_p", "0.05")) - 0.05)
else:
    score -= 5 * abs(float(args.get("--top_p", "0.9")) - 0.9)
score += 0.05 * math.sin(len(args["--prompt"]) + int(args["--seed"]))
print(json.dumps({"event": "result", "objective": round(score, 6)}))
