"""The benchmark's test functions and spaces for Optuna; TestFunctions.swift defines the same ones."""
import math

ACTIVATION = {"relu": 0.2, "tanh": 0.5, "gelu": 0.0, "sigmoid": 1.0}
HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650],
              [4047, 8828, 8732, 5743, 1091, 381]]


def suggest(trial, name):
    """Samples the function's space through an Optuna trial; returns the parameters."""
    if name == "branin":
        return {"x0": trial.suggest_float("x0", -5, 10), "x1": trial.suggest_float("x1", 0, 15)}
    if name == "hartmann6":
        return {f"x{i}": trial.suggest_float(f"x{i}", 0, 1) for i in range(6)}
    if name == "rosenbrock5":
        return {f"x{i}": trial.suggest_float(f"x{i}", -5, 10) for i in range(5)}
    if name == "ackley5":
        return {f"x{i}": trial.suggest_float(f"x{i}", -32.768, 32.768) for i in range(5)}
    return {
        "lr": trial.suggest_float("lr", 1e-5, 1, log=True),
        "layers": trial.suggest_int("layers", 1, 8),
        "units": trial.suggest_int("units", 16, 1024, log=True),
        "activation": trial.suggest_categorical("activation", ["relu", "tanh", "gelu", "sigmoid"]),
        "dropout": trial.suggest_float("dropout", 0, 0.5, step=0.05),
    }


def value(name, p):
    """The function's value at parameters p (smaller is better)."""
    x = [p.get(f"x{i}", 0.0) for i in range(6)]
    if name == "branin":
        b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
        return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10
    if name == "hartmann6":
        alpha = [1.0, 1.2, 3.0, 3.2]
        return -sum(alpha[i] * math.exp(-sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j] * 1e-4) ** 2 for j in range(6))) for i in range(4))
    if name == "rosenbrock5":
        return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2 for i in range(4))
    if name == "ackley5":
        squares = sum(v * v for v in x[:5]) / 5
        cosines = sum(math.cos(2 * math.pi * v) for v in x[:5]) / 5
        return -20 * math.exp(-0.2 * math.sqrt(squares)) - math.exp(cosines) + 20 + math.e
    return ((math.log10(p["lr"]) + 2.5) ** 2 + 0.3 * (p["layers"] - 3) ** 2 + (math.log2(p["units"]) - 7) ** 2 / 4
            + ACTIVATION[p["activation"]] + 4 * (p["dropout"] - 0.15) ** 2)


# The problems of several objectives (all minimised); MultiObjectiveFunctions.swift defines the same ones.
MO_REFERENCE = {"zdt1": [1.1, 10.0], "zdt2": [1.1, 10.0], "dtlz2": [2.5, 2.5, 2.5], "mlmixed": [1.0, 16.0]}


def suggest_mo(trial, name):
    """Samples a multi-objective problem's space through an Optuna trial; returns the parameters."""
    if name in ("zdt1", "zdt2"):
        return {f"x{i}": trial.suggest_float(f"x{i}", 0, 1) for i in range(10)}
    if name == "dtlz2":
        return {f"x{i}": trial.suggest_float(f"x{i}", 0, 1) for i in range(7)}
    return {
        "lr": trial.suggest_float("lr", 1e-4, 1, log=True),
        "layers": trial.suggest_int("layers", 1, 8),
        "optimizer": trial.suggest_categorical("optimizer", ["sgd", "adam", "rmsprop"]),
        "dropout": trial.suggest_float("dropout", 0, 0.5, step=0.1),
    }


def values_mo(name, p):
    """The objectives' values at parameters p."""
    x = [p.get(f"x{i}", 0.0) for i in range(10)]
    if name in ("zdt1", "zdt2"):
        g = 1 + 9 * sum(x[1:10]) / 9
        ratio = x[0] / g
        return [x[0], g * (1 - (math.sqrt(ratio) if name == "zdt1" else ratio * ratio))]
    if name == "dtlz2":
        g = sum((v - 0.5) ** 2 for v in x[2:7])
        a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
        return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]
    error = (0.1 * (math.log10(p["lr"]) + 2.5) ** 2 + {"sgd": 0.1, "adam": 0.0, "rmsprop": 0.05}[p["optimizer"]]
             + (p["dropout"] - 0.2) ** 2 + 0.3 / p["layers"])
    time = p["layers"] * (1 + p["dropout"]) * {"sgd": 1.0, "adam": 1.2, "rmsprop": 1.1}[p["optimizer"]]
    return [error, time]


def hypervolume(points, reference):
    """The exact hypervolume (all objectives minimised) of 2 or 3 objectives up to the reference point."""
    inside = [q for q in points if all(v < r for v, r in zip(q, reference))]

    def area(pairs, ref):
        total, lowest = 0.0, ref[1]
        for a, b in sorted(pairs):
            if b < lowest:
                total += (ref[0] - a) * (lowest - b)
                lowest = b
        return total

    if len(reference) == 2:
        return area([(q[0], q[1]) for q in inside], reference)
    inside.sort(key=lambda q: q[2])
    volume = 0.0
    for i, q in enumerate(inside):
        top = inside[i + 1][2] if i + 1 < len(inside) else reference[2]
        if top > q[2]:
            volume += (top - q[2]) * area([(r[0], r[1]) for r in inside[: i + 1]], reference)
    return volume


# The 10-dimensional mixed space of the ask-latency benchmark.
ASK_SPACE = [
    {"name": "lr", "type": "float", "low": 1e-5, "high": 1.0, "log": True},
    {"name": "weight_decay", "type": "float", "low": 1e-6, "high": 0.1, "log": True},
    {"name": "momentum", "type": "float", "low": 0.0, "high": 0.99},
    {"name": "dropout", "type": "float", "low": 0.0, "high": 0.5, "step": 0.05},
    {"name": "layers", "type": "int", "low": 1, "high": 8},
    {"name": "units", "type": "int", "low": 16, "high": 1024, "log": True},
    {"name": "batch_size", "type": "int", "low": 8, "high": 512, "log": True},
    {"name": "optimizer", "type": "categorical", "choices": ["sgd", "adam", "adamw", "rmsprop"]},
    {"name": "activation", "type": "categorical", "choices": ["relu", "gelu", "tanh"]},
    {"name": "scheduler", "type": "categorical", "choices": ["cosine", "step", "none"]},
]


def space_yaml(name):
    """The function's space as the `parameters:` block of a search configuration."""
    if name == "mixed":
        return ("  lr: {type: float, low: 1.0e-5, high: 1.0, log: true}\n  layers: {type: int, low: 1, high: 8}\n"
                "  units: {type: int, low: 16, high: 1024, log: true}\n  activation: [relu, tanh, gelu, sigmoid]\n"
                "  dropout: {type: float, low: 0.0, high: 0.5, step: 0.05}\n")
    bounds = {"branin": [(-5, 10), (0, 15)], "hartmann6": [(0, 1)] * 6, "rosenbrock5": [(-5, 10)] * 5, "ackley5": [(-32.768, 32.768)] * 5}[name]
    return "".join(f"  x{i}: {{type: float, low: {low}, high: {high}}}\n" for i, (low, high) in enumerate(bounds))


if __name__ == "__main__":
    # As a search command: functions.py FUNCTION key=value ... prints {"objective": value}.
    import json
    import sys
    params = {}
    for item in sys.argv[2:]:
        key, text = item.split("=", 1)
        try:
            params[key] = int(text) if key in ("layers", "units") else float(text)
        except ValueError:
            params[key] = text
    print(json.dumps({"event": "result", "objective": value(sys.argv[1], params)}))
