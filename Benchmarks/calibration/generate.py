"""Writes a predictions file shaped like a real classifier's: val and test logits for K classes,
over-confident by a known factor, with labels drawn from the calibrated probabilities.

    python3 generate.py OUT.jsonl EXAMPLES_PER_SPLIT CLASSES
"""
import json
import sys

import numpy as np

out, per_split, classes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(2026)
with open(out, "w") as file:
    for split in ("val", "test"):
        calibrated = rng.normal(scale=1.5, size=(per_split, classes))
        probabilities = np.exp(calibrated - calibrated.max(axis=1, keepdims=True))
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        cumulative = probabilities.cumsum(axis=1)
        labels = (rng.random(per_split)[:, None] > cumulative).sum(axis=1)
        for index in range(per_split):
            # json.dumps writes every float with its 17 significant digits, as real tools do.
            logits = [float(v) for v in 1.8 * calibrated[index]]
            file.write(json.dumps({"split": split, "id": index, "label": int(labels[index]), "logits": logits}) + "\n")
