#!/usr/bin/env python3
"""numpy reference for the optimisers (lib/gd/optimizers.ts, optimizer-kernels.ts): writes
tests/fixtures/gd/optimizers-<dataset>-<raw|standardized>.json.

Run from the repo root:  python3 tests/reference/optimizer_reference.py
Deterministic; commit the output. Nothing here reads the TypeScript: the formulas are written
from their definitions, with g the lesson's gradient (mean over samples of delta * x,
delta = -2 (y - p); mean delta for the bias) and theta = (w, b):
  gd        theta = theta - lr * g
  momentum  v = beta * v + g;  theta = theta - lr * v          torch.optim.SGD(momentum=beta),
                                                              no dampening, not Nesterov, v0 = 0
  adam      m = b1 * m + (1 - b1) * g;  s = b2 * s + (1 - b2) * g * g       torch.optim.Adam
            theta = theta - lr * (m / (1 - b1**t)) / (sqrt(s / (1 - b2**t)) + eps)   defaults
b1**t and b2**t are running products (b1t *= b1 each step): the same IEEE multiplications in every
runtime, where C's pow and V8's Math.pow disagree in the last bit for about one t in ten.

Predictions are computed column by column (see predict); for one sample every other operation is
a single rounding too, so the lesson's series are bit-exact with lib/gd, and for several samples
the sums over samples (numpy's, in its order) differ from lib/gd's in the last bits only.

Each run goes on for up to STEPS updates and stops where the arena's rules stop it (converged,
diverged or a non-finite loss, written as null). Floats use Python's repr, which round-trips.
"""

import json
import math
import os

import numpy as np

from gd_reference import DATASETS, analyse, finite_or_none, standardize, write  # noqa: E402  (same folder)

STEPS = 1000
CONVERGENCE_TOLERANCE = 1e-9
DIVERGENCE_FACTOR = 1e6
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def still_running(loss, initial, optimum):
    """The arena's stopping rules (lib/gd/outcome.ts)."""
    if not loss <= DIVERGENCE_FACTOR * max(initial, 1.0):
        return False
    return not (loss - optimum <= CONVERGENCE_TOLERANCE * max(1.0, initial - optimum))


def predict(X, theta):
    """x . w + b as written, column by column, without BLAS: OpenBLAS fuses the multiply-adds of
    X @ w on CPUs with FMA (on this machine for ~30% of the lesson's 2-element dots) and not on
    others, which would make the fixtures depend on where they were generated."""
    p = X[:, 0] * theta[0]
    for j in range(1, X.shape[1]):
        p = p + X[:, j] * theta[j]
    return p + theta[-1]


def series(X, y, w0, b0, optimum, optimizer, lr, beta=None):
    n = X.shape[0]
    theta = np.append(np.array(w0, dtype=float), float(b0))
    velocity = np.zeros_like(theta)
    m = np.zeros_like(theta)
    s = np.zeros_like(theta)
    b1t = b2t = 1.0
    losses = []
    with np.errstate(all="ignore"):
        for step in range(STEPS + 1):
            p = predict(X, theta)
            loss = finite_or_none(np.mean(np.square(y - p)))
            losses.append(loss)
            if loss is None or not still_running(loss, losses[0], optimum) or step == STEPS:
                break
            delta = -2 * (y - p)
            g = np.append(delta @ X / n, np.sum(delta) / n)
            if optimizer == "gd":
                theta = theta - lr * g
            elif optimizer == "momentum":
                velocity = beta * velocity + g
                theta = theta - lr * velocity
            else:
                b1t *= BETA1
                b2t *= BETA2
                m = BETA1 * m + (1 - BETA1) * g
                s = BETA2 * s + (1 - BETA2) * (g * g)
                theta = theta - lr * (m / (1 - b1t)) / (np.sqrt(s / (1 - b2t)) + EPSILON)
    return losses


def outcome(losses, optimum):
    last = losses[-1]
    if last is None or last > DIVERGENCE_FACTOR * max(losses[0], 1.0):
        return "diverged"
    return "max_steps" if still_running(last, losses[0], optimum) else "converged"


def runs_for(bound):
    """(optimizer, lr, beta): rates relative to plain descent's stable bound 2 / lambda_max.
    Momentum is stable for lr * lambda < 2 + 2 beta, i.e. lr < (1 + beta) * bound."""
    runs = []
    for beta in (0.0, 0.5, 0.9, 0.99):
        for fraction in (0.05, 0.5):
            runs.append(("momentum", bound * fraction, beta))
        runs.append(("momentum", bound * (1 + beta) * 0.98, beta))  # just inside the stable region
        runs.append(("momentum", bound * (1 + beta) * 1.02, beta))  # just outside: diverges
    for lr in (1e-2, 0.1, 1.0, 10.0):
        runs.append(("adam", lr, None))
    runs.append(("gd", 1.0, None))
    return runs


def variant(name, standardized):
    data = DATASETS[name]
    X = np.array(data["X"], dtype=float)
    y = np.array(data["y"], dtype=float)
    if standardized:
        X = standardize(X)
    info = analyse(X, y, data["w0"], data["b0"])
    optimum = info["optimumLoss"]
    runs = []
    for optimizer, lr, beta in runs_for(info["maxStableLearningRate"]):
        losses = series(X, y, data["w0"], data["b0"], optimum, optimizer, lr, beta)
        runs.append({"optimizer": optimizer, "lr": lr, "momentum": beta, "status": outcome(losses, optimum),
                     "losses": losses})
    return {
        "dataset": name,
        "standardized": standardized,
        "steps": STEPS,
        "maxStableLearningRate": info["maxStableLearningRate"],
        "optimumLoss": optimum,
        "runs": runs,
    }


def main():
    for name in DATASETS:
        for standardized in (False, True):
            payload = variant(name, standardized)
            for run in payload["runs"]:
                assert all(v is None or math.isfinite(v) for v in run["losses"])
            write(f"optimizers-{name}-{'standardized' if standardized else 'raw'}.json", payload)
            print("   ", ", ".join(f"{r['optimizer']} {r['lr']:.3g}{'' if r['momentum'] is None else ' b' + str(r['momentum'])}"
                                  f" {r['status']}@{len(r['losses']) - 1}" for r in payload["runs"]))


if __name__ == "__main__":
    main()
