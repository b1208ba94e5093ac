#!/usr/bin/env python3
"""numpy side of scripts/bench-core.ts (which starts this script and passes the config).

Reads JSON on stdin: {"steps", "loopLearners", "loopReps", "vectorReps", "scenarios": [
  {"name", "X": [[...]], "y": [...], "w0": [...], "b0", "lrs": [...]}], "optimizers": [...], "momentum"}
and prints JSON on stdout with, per scenario, best-of-reps seconds for
  loop:   the lesson's code driven one learner at a time (Python loops over learners and
          steps) for the first loopLearners rates (every k-th, to span the range),
  vector: every learner at once as arrays, Python loop over steps only, and
  optimizerSeconds: the same as vector with each of "optimizers" ("momentum", "adam"; the
          formulas of tests/reference/optimizer_reference.py), in place, parameters as (N, d+1).
None applies stopping rules: every learner runs all steps.
"""

import json
import sys
import time

import numpy as np


# The lesson's notebook functions (with a learning rate), shared with the fixture generator.
from gd_reference import backward, forward, gradient, mse_loss  # noqa: E402  (same folder)


def loop_one_sample(x, y, w0, b0, lr, steps):
    w = np.array([w0], dtype=float)
    b = np.array([b0], dtype=float)
    for _ in range(steps):
        p = forward(x, w, b)
        mse_loss(p, y)
        w, b = backward(x, gradient(p, y), w, b, lr)
    return mse_loss(forward(x, w, b), y)


def loop_matrix(X, y, w0, b0, lr, steps):
    n = X.shape[0]
    w = np.array(w0, dtype=float)
    b = float(b0)
    for _ in range(steps):
        p = X @ w + b
        np.mean(np.square(y - p))
        delta = -2 * (y - p)
        w = w - lr * delta @ X / n
        b = b - np.mean(lr * delta)
    return np.mean(np.square(y - (X @ w + b)))


def vectorised(X, y, w0, b0, lrs, steps):
    """All learners at once: W (N, d), B (N,), losses (N,) every step."""
    n = X.shape[0]
    N = lrs.shape[0]
    W = np.tile(np.array(w0, dtype=float), (N, 1))
    B = np.full(N, float(b0))
    Xt = X.T.copy()
    for _ in range(steps):
        E = y[:, None] - (X @ W.T + B)          # (n, N) errors
        np.mean(np.square(E), axis=0)          # losses, as the live server needs them
        S = lrs * (-2 * E)                     # lr * delta, per sample and learner
        W -= (Xt @ S).T / n
        B -= S.mean(axis=0)
    return np.mean(np.square(y[:, None] - (X @ W.T + B)), axis=0)


def vectorised_optimizer(X, y, w0, b0, lrs, steps, optimizer, beta):
    """All learners at once with momentum or Adam; theta (N, d+1), bias last."""
    n = X.shape[0]
    N = lrs.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    At = A.T.copy()
    theta = np.tile(np.append(np.array(w0, dtype=float), float(b0)), (N, 1))
    rates = lrs[:, None]
    first = np.zeros_like(theta)  # velocity (momentum) or m (Adam)
    second = np.zeros_like(theta)  # s (Adam)
    b1, b2, eps = 0.9, 0.999, 1e-8
    b1t = b2t = 1.0
    for _ in range(steps):
        E = y[:, None] - A @ theta.T           # (n, N) errors
        np.mean(np.square(E), axis=0)          # losses, as the live server needs them
        G = (At @ (-2 * E)).T / n              # (N, d+1) gradients
        if optimizer == "momentum":
            first *= beta
            first += G
            theta -= rates * first
        else:
            b1t *= b1
            b2t *= b2
            first *= b1
            first += (1 - b1) * G
            second *= b2
            second += (1 - b2) * (G * G)
            theta -= rates * (first / (1 - b1t)) / (np.sqrt(second / (1 - b2t)) + eps)
    return np.mean(np.square(y[:, None] - A @ theta.T), axis=0)


def best_of(reps, fn):
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    cfg = json.load(sys.stdin)
    steps = cfg["steps"]
    out = {"numpy": np.__version__, "scenarios": {}}
    with np.errstate(all="ignore"):
        for sc in cfg["scenarios"]:
            X = np.array(sc["X"], dtype=float)
            y = np.array(sc["y"], dtype=float)
            lrs = np.array(sc["lrs"], dtype=float)
            stride = max(1, len(lrs) // cfg["loopLearners"])
            loop_lrs = [float(v) for v in lrs[::stride][: cfg["loopLearners"]]]
            if X.shape[0] == 1:
                run_loop = lambda: [loop_one_sample(X[0], y, sc["w0"], sc["b0"], lr, steps) for lr in loop_lrs]
            else:
                run_loop = lambda: [loop_matrix(X, y, sc["w0"], sc["b0"], lr, steps) for lr in loop_lrs]
            out["scenarios"][sc["name"]] = {
                "loopLearners": len(loop_lrs),
                "loopSeconds": best_of(cfg["loopReps"], run_loop),
                "vectorSeconds": best_of(cfg["vectorReps"], lambda: vectorised(X, y, sc["w0"], sc["b0"], lrs, steps)),
                "optimizerSeconds": {
                    o: best_of(cfg["vectorReps"], lambda: vectorised_optimizer(
                        X, y, sc["w0"], sc["b0"], lrs, steps, o, cfg.get("momentum", 0.9)))
                    for o in cfg.get("optimizers", [])
                },
            }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
