#!/usr/bin/env python3
"""Independent numpy reference for lib/gd: writes the JSON fixtures in tests/fixtures/gd/.

Run from the repo root:  python3 tests/reference/gd_reference.py
The output is deterministic; commit it. The vitest suite only reads the JSON (no Python at
test time). Nothing here imports or reads the TypeScript: the datasets are copied below, and
the maths is the lesson's notebook code with a learning rate added.

Learning rate convention (shared with lib/gd/learner-kernel.ts): the natural translation of
the lesson's `w -= d * x` with a learning rate, `w = w - lr * delta * x`, which Python
evaluates left to right as `(lr * delta) * x`. For several samples the same reading gives
`w - lr * delta @ X / n`, i.e. `((lr * delta) @ X) / n`.

Non-finite floats are written as null. Floats use Python's repr, which round-trips exactly.
"""

import json
import math
import os

import numpy as np

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "gd")
STEPS = 200

# ---- the datasets (copied from lib/gd/datasets.ts) -------------------------------------------
DATASETS = {
    "lesson": {
        "X": [[28.1, 58.0]],
        "y": [165],
        "w0": [0.5, 0.5],
        "b0": 0.0,
    },
    "housing": {
        "X": [
            [52, 3, 35], [68, 1, 12], [75, 2, 48], [83, 4, 5], [95, 2, 22], [104, 3, 60],
            [118, 1, 15], [127, 5, 40], [140, 2, 8], [155, 4, 30], [172, 3, 18], [196, 4, 50],
        ],
        "y": [194.6, 222.0, 226.4, 323.4, 320.6, 297.2, 369.4, 410.6, 460.4, 503.0, 541.0, 589.8],
        "w0": [0.5, 0.5, 0.5],
        "b0": 0.0,
    },
}


# ---- the lesson's notebook code, verbatim apart from the learning rate -----------------------
def forward(x, w, b):
    return x @ w.T + b


def mse_loss(p, y):
    return np.mean(np.square(y - p))


def gradient(p, y):
    return - 2 * (y - p)


def backward(x, d, w, b, lr=1.0):
    w = w - lr * d * x
    b = b - lr * d
    return w, b


def lesson_printed():
    """Replays the notebook (lr = 1, in-place updates as printed) and records its outputs."""
    feature = np.array([28.1, 58.0])
    label = np.array([165])
    weight = np.ones((1, 2)) / 2
    bias = np.zeros(1)
    prediction = forward(feature, weight, bias)
    loss = mse_loss(prediction, label)
    delta = gradient(prediction, label)
    weight -= delta * feature  # the notebook's own backward()
    bias -= delta
    new_loss = mse_loss(forward(feature, weight, bias), label)
    return {
        "prediction": float(prediction[0]),
        "loss": float(loss),
        "delta": float(delta[0]),
        "weight": [float(v) for v in weight[0]],
        "bias": float(bias[0]),
        "newLoss": float(new_loss),
    }


# ---- series -----------------------------------------------------------------------------------
def finite_or_none(v):
    v = float(v)
    return v if math.isfinite(v) else None


def lesson_series(x, y, w0, b0, lr):
    """One sample: the notebook's shapes (x (d,), w (1, d), b (1,)) and functions."""
    w = np.array([w0], dtype=float)
    b = np.array([b0], dtype=float)
    losses = []
    with np.errstate(all="ignore"):
        for step in range(STEPS + 1):
            p = forward(x, w, b)
            loss = mse_loss(p, y)
            losses.append(finite_or_none(loss))
            if losses[-1] is None or step == STEPS:
                break
            w, b = backward(x, gradient(p, y), w, b, lr)
    return losses


def matrix_series(X, y, w0, b0, lr):
    """Several samples: the same maths on whole arrays (mean over samples)."""
    n = X.shape[0]
    w = np.array(w0, dtype=float)
    b = float(b0)
    losses = []
    with np.errstate(all="ignore"):
        for step in range(STEPS + 1):
            p = X @ w + b
            loss = np.mean(np.square(y - p))
            losses.append(finite_or_none(loss))
            if losses[-1] is None or step == STEPS:
                break
            delta = -2 * (y - p)
            w = w - lr * delta @ X / n
            b = b - np.mean(lr * delta)
    return losses


def standardize(X):
    """z-score with population std; a zero-spread column is divided by its RMS instead."""
    out = np.empty_like(X)
    for j in range(X.shape[1]):
        col = X[:, j]
        if np.all(col == col[0]):
            rms = np.sqrt(np.mean(col ** 2))
            out[:, j] = col / rms if rms > 0 else col
        else:
            out[:, j] = (col - col.mean()) / col.std()
    return out


def analyse(X, y, w0, b0):
    n = X.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    H = 2.0 / n * A.T @ A
    eig = np.linalg.eigvalsh(H)
    theta, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    optimum = 0.0 if rank >= n else float(np.mean(np.square(A @ theta - y)))
    theta0 = np.append(np.array(w0, dtype=float), b0)
    g = 2.0 / n * A.T @ (A @ theta0 - y)
    return {
        "hessianEigenvalues": [float(v) for v in eig],
        "maxStableLearningRate": float(2.0 / eig[-1]),
        "optimumLoss": optimum,
        "oneStepOptimalLearningRate": float(g @ g / (g @ H @ g)),
    }


def learning_rates(bound):
    rates = set(float(v) for v in np.logspace(-6, 1, 19))
    rates |= {1.0, 1e-4, 2.5e-4, 0.1, 0.5, bound, bound / 2, bound * (1 - 1e-3), bound * (1 + 1e-3)}
    return sorted(rates)


def variant(name, standardized):
    data = DATASETS[name]
    X = np.array(data["X"], dtype=float)
    y = np.array(data["y"], dtype=float)
    if standardized:
        X = standardize(X)
    info = analyse(X, y, data["w0"], data["b0"])
    runs = []
    for lr in learning_rates(info["maxStableLearningRate"]):
        if X.shape[0] == 1:
            losses = lesson_series(X[0], y, data["w0"], data["b0"], lr)
            # The matrix form must agree bit for bit with the notebook form on one sample.
            assert losses == matrix_series(X, y, data["w0"], data["b0"], lr), lr
        else:
            losses = matrix_series(X, y, data["w0"], data["b0"], lr)
        runs.append({"lr": lr, "losses": losses})
    return {
        "dataset": name,
        "standardized": standardized,
        "steps": STEPS,
        "features": [float(v) for v in X.ravel()],
        **info,
        "runs": runs,
    }


def write(filename, payload):
    path = os.path.join(OUT_DIR, filename)
    with open(path, "w") as f:
        json.dump(payload, f, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(path))


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    printed = lesson_printed()
    # The numbers the notebook printed; if numpy ever disagrees, the fixture is wrong.
    assert printed["loss"] == 14871.802500000002 and printed["newLoss"] == 1026548766283.6302
    write("lesson-printed.json", printed)
    for name in DATASETS:
        for standardized in (False, True):
            write(f"series-{name}-{'standardized' if standardized else 'raw'}.json", variant(name, standardized))


if __name__ == "__main__":
    main()
