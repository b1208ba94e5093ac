#!/usr/bin/env python3
"""numpy reference for the notebook, "why" and landscape views (lib/gd/notebook.ts,
explain-rate.ts, landscape.ts) and for the number printing (lib/format/): writes
tests/fixtures/gd/notebook.json, tests/fixtures/gd/landscape.json and
tests/fixtures/format/printing.json.

Run from the repo root:  python3 tests/reference/notebook_reference.py
Deterministic (fixed seed); commit the output. For several samples the notebook values are
computed twice: in lib/gd's order of operations (sequential sums; bit-exact with the core, and the
source of the printed strings) and with plain numpy matmul/mean ("plainNumpy", equal to ~1e-12,
since numpy sums pairwise and BLAS reorders). Printed strings are what the notebook prints:
str(arr) for arrays (print(f'{arr}')), str(np.float64) for the loss, which numpy keeps equal to
Python's repr(float) (asserted below). Floats are stored as repr strings ("inf", "-inf", "nan"
included), which JavaScript's Number() reads back exactly (after mapping those three).
"""

import json
import math
import os
import random
import struct

import numpy as np

from gd_reference import DATASETS, forward, gradient, mse_loss, standardize  # noqa: E402  (same folder)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
CONVERGENCE_TOLERANCE = 1e-9
DIVERGENCE_FACTOR = 1e6
NOTEBOOK_STEPS = [0, 1, 2, 3, 5, 10, 50, 99, 150]


def r(v):
    """A float as its repr (JSON has no inf/nan/-0.0)."""
    return repr(float(v))


def loss_str(loss):
    s = f"{loss}"  # the notebook's print(f'loss: {loss}') on an np.float64
    assert s == repr(float(loss)), (s, repr(float(loss)))
    return s


def data(name, standardized):
    d = DATASETS[name]
    X = np.array(d["X"], dtype=float)
    if standardized:
        X = standardize(X)
    return X, np.array(d["y"], dtype=float), np.array([d["w0"]], dtype=float), np.array([d["b0"]], dtype=float)


def optimum_of(X, y):
    n = X.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    theta, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    return theta, (0.0 if rank >= n else float(np.mean(np.square(A @ theta - y))))


def running(loss, initial, optimum):
    """The arena's stopping rules (lib/gd/outcome.ts): True while the run goes on."""
    if not loss <= DIVERGENCE_FACTOR * max(initial, 1.0):
        return False
    return not (loss - optimum <= CONVERGENCE_TOLERANCE * max(1.0, initial - optimum))


# ---- notebook ----------------------------------------------------------------------------------
def notebook_cells(X, y, w, b, lr):
    """One step in the notebook's shapes: x (d,) for one sample, X (n, d) otherwise; w (1, d), b (1,)."""
    n = X.shape[0]
    if n == 1:
        x = X[0]
        p = forward(x, w, b)  # (1,)
        loss = mse_loss(p, y)
        delta = gradient(p, y)  # (1,)
        grad_w = np.atleast_2d(delta * x)  # (1, d)
        grad_b = delta.copy()
        w_next = w - lr * delta * x
        b_next = b - lr * delta
        next_loss = mse_loss(forward(x, w_next, b_next), y)
    else:
        p = X @ w.T + b  # (n, 1)
        loss = np.mean(np.square(y[:, None] - p))
        delta = -2 * (y[:, None] - p)  # (n, 1)
        grad_w = delta.T @ X / n  # (1, d)
        grad_b = delta.mean(axis=0)  # (1,)
        w_next = w - (lr * delta).T @ X / n
        b_next = b - (lr * delta).mean(axis=0)
        next_loss = np.mean(np.square(y[:, None] - (X @ w_next.T + b_next)))
    return p, loss, delta, grad_w, grad_b, w_next, b_next, next_loss


def seq_sum(a):
    """Left-to-right sum (np.sum is pairwise): the order of lib/gd's kernel."""
    return np.cumsum(a)[-1]


def notebook_cells_core_order(X, y, w, b, lr):
    """Several samples, the same maths with every sum taken in lib/gd's order (learner-kernel.ts):
    p_i = ((x_i0 w_0 + x_i1 w_1) + ...) + b, sequential sums over samples, w - (sum (lr delta) x) / n.
    Elementwise numpy ops round exactly like JavaScript's, so this is bit-exact with the core."""
    n, d = X.shape
    p = X[:, 0] * w[0, 0]
    for j in range(1, d):
        p = p + X[:, j] * w[0, j]
    p = p + b[0]
    e = y - p
    loss = seq_sum(e * e) / n
    delta = -2 * e
    s = lr * delta
    grad_w = np.array([[seq_sum(delta * X[:, j]) / n for j in range(d)]])
    grad_b = np.array([seq_sum(delta) / n])
    w_next = np.array([[w[0, j] - seq_sum(s * X[:, j]) / n for j in range(d)]])
    b_next = b - seq_sum(s) / n
    q = X[:, 0] * w_next[0, 0]
    for j in range(1, d):
        q = q + X[:, j] * w_next[0, j]
    e_next = y - (q + b_next[0])
    next_loss = seq_sum(e_next * e_next) / n
    return p[:, None], loss, delta[:, None], grad_w, grad_b, w_next, b_next, next_loss


def notebook_run(name, standardized, lr):
    X, y, w, b = data(name, standardized)
    wm, bm = w, b  # the plain numpy (matmul) run, kept alongside for several samples
    _, optimum = optimum_of(X, y)
    steps = []
    initial = None
    with np.errstate(all="ignore"):
        for k in range(max(NOTEBOOK_STEPS) + 1):
            if X.shape[0] == 1:
                cells = notebook_cells(X, y, w, b, lr)
            else:
                cells = notebook_cells_core_order(X, y, w, b, lr)
                plain = notebook_cells(X, y, wm, bm, lr)
            p, loss, delta, grad_w, grad_b, w_next, b_next, next_loss = cells
            initial = float(loss) if initial is None else initial
            if not running(float(loss), initial, optimum):
                break
            if k in NOTEBOOK_STEPS:
                arrays = {"weight": w, "bias": b, "prediction": p, "delta": delta, "gradWeights": grad_w,
                          "gradBias": grad_b, "nextWeight": w_next, "nextBias": b_next}
                entry = {
                    "step": k,
                    "values": {key: [r(v) for v in a.ravel()] for key, a in arrays.items()}
                    | {"loss": r(loss), "nextLoss": r(next_loss)},
                    "printed": {key: str(a) for key, a in arrays.items()}
                    | {"loss": loss_str(loss), "nextLoss": loss_str(next_loss),
                       "features": str(X[0] if X.shape[0] == 1 else X)},
                }
                if X.shape[0] > 1:
                    names = ["prediction", "loss", "delta", "gradWeights", "gradBias", "nextWeight", "nextBias",
                             "nextLoss"]
                    entry["plainNumpy"] = {"weight": [r(v) for v in wm.ravel()], "bias": [r(v) for v in bm]} | {
                        key: [r(v) for v in np.ravel(a)] for key, a in zip(names, plain)}
                steps.append(entry)
            w, b = w_next, b_next
            if X.shape[0] > 1:
                wm, bm = plain[5], plain[6]
    return {"dataset": name, "standardized": standardized, "lr": lr, "steps": steps}


def notebook_fixture():
    runs = [notebook_run("lesson", False, lr) for lr in (1.0, 1e-4, 2.4e-4, 1.2e-4, 1e-6)]
    runs.append(notebook_run("lesson", True, 0.1))
    runs += [notebook_run("housing", False, lr) for lr in (1e-5, 5e-5, 6.5e-5)]
    runs += [notebook_run("housing", True, lr) for lr in (0.1, 0.5, 0.7)]
    first = runs[0]["steps"][0]["printed"]
    # The lesson's own printout (gradient-descent-lesson.zh.md).
    assert (first["prediction"], first["loss"], first["delta"], first["nextWeight"], first["nextBias"],
            first["nextLoss"]) == ("[43.05]", "14871.802500000002", "[-243.9]", "[[ 6854.09 14146.7 ]]",
                                   "[243.9]", "1026548766283.6302")
    return {"numpy": np.__version__, "runs": runs}


# ---- landscape and "why" -----------------------------------------------------------------------
def unit_sign(v):
    """Eigenvector sign convention shared with lib/gd/modes.ts: the largest entry is positive."""
    return v if v[np.argmax(np.abs(v))] > 0 else -v


def series_stop(X, y, w0, b0, lr, limit):
    """Where the arena's rules stop numpy's own run (matrix form of gd_reference.matrix_series)."""
    n = X.shape[0]
    w = np.array(w0[0], dtype=float)
    b = float(b0[0])
    _, optimum = optimum_of(X, y)
    initial = None
    with np.errstate(all="ignore"):
        for step in range(limit + 1):
            p = X @ w + b
            loss = float(np.mean(np.square(y - p)))
            initial = loss if initial is None else initial
            if not running(loss, initial, optimum):
                diverged = not loss <= DIVERGENCE_FACTOR * max(initial, 1.0)
                return {"status": "diverged" if diverged else "converged", "step": step}
            delta = -2 * (y - p)
            w = w - lr * delta @ X / n
            b = b - np.mean(lr * delta)
    return None


def landscape_variant(name, standardized):
    X, y, w0, b0 = data(name, standardized)
    n = X.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    H = 2.0 / n * A.T @ A
    values, vectors = np.linalg.eigh(H)
    theta, optimum = optimum_of(X, y)
    positive = [i for i, v in enumerate(values) if v > 1e-12 * values[-1]]
    stiff, flat = positive[-1], positive[0]
    vs, vf = unit_sign(vectors[:, stiff]), unit_sign(vectors[:, flat])
    start = np.append(w0[0], b0[0])
    out = {
        "dataset": name,
        "standardized": standardized,
        "eigenvalues": [r(v) for v in values],
        "stiffEigenvalue": r(values[stiff]),
        "flatEigenvalue": r(values[flat]),
        "conditionNumber": r(values[stiff] / values[flat]),
        "stableBound": r(2.0 / values[-1]),
        "rates": [],
    }
    x_norm2 = float(X[0] @ X[0] + 1) if n == 1 else None
    if n > 1:
        out |= {
            "optimum": [r(v) for v in theta],
            "stiffVector": [r(v) for v in vs],
            "flatVector": [r(v) for v in vf],
            "start": {"u": r(vs @ (start - theta)), "v": r(vf @ (start - theta))},
            "planeLosses": [],
        }
        for u, v in [(0, 0), (1.5, -20), (-2.5, 40), (10, 10), (-30, -7)]:
            t = theta + u * vs + v * vf
            out["planeLosses"].append({"u": r(u), "v": r(v), "loss": r(np.mean(np.square(A @ t - y)))})
    bound = 2.0 / values[-1]
    for lr in sorted({1.0, 1e-4, 2.4e-4, 1.2e-4, 1e-6, 3e-4, bound * 0.999, bound * 1.001, bound / 2, 0.1, 0.5,
                      0.7, 1e-5, 5e-5, 6.5e-5, 0.01}):
        factor = 1 - 2 * lr * x_norm2 if n == 1 else 1 - lr * values[-1]
        out["rates"].append({"lr": r(lr), "factor": r(factor), "stop": series_stop(X, y, w0, b0, lr, 20000)})
    if n == 1:
        # The parabola: numpy's own predictions and losses, step by step, for a few rates.
        out["paths"] = []
        for lr in (1e-4, 2.4e-4, 1.5e-4, 5e-5, 3e-4):
            w, b = w0.copy(), b0.copy()
            path = []
            with np.errstate(all="ignore"):
                for k in range(12):
                    p = forward(X[0], w, b)
                    path.append({"step": k, "prediction": r(p[0]), "loss": r(mse_loss(p, y))})
                    w, b = w - lr * gradient(p, y) * X[0], b - lr * gradient(p, y)
            out["paths"].append({"lr": r(lr), "path": path})
    return out


# ---- printing ----------------------------------------------------------------------------------
def awkward_floats(rng):
    vals = [0.0, -0.0, 1.0, -1.0, 100.0, 243.9, -243.9, 6854.09, 14146.7, 43.05, 14871.802500000002,
            1026548766283.6302, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e-4, 9.999999999999999e-05, 1e-5, 1.5e-7, 1e16, 1.5e16,
            9999999999999998.0, 1e15, 123456789012345678.0, 1e22, 1e23, 5e-324, 2.2250738585072014e-308,
            1.7976931348623157e308, math.pi, math.e, 2.4069647933259666e-04, 1.2034823966629833e-04,
            -8308.220000000001, 0.5, 0.125, 1 / 512, 3 / 512, 1234567.125, 12345678.9, 99999999.99999999, 1e8,
            float("inf"), float("-inf"), float("nan")]
    vals += [10.0 ** e for e in range(-20, 25)] + [-(2.0 ** e) for e in range(-30, 60, 7)]
    vals += [float(i) for i in range(0, 2000, 97)]
    while len(vals) < 400:
        kind = rng.random()
        if kind < 0.4:
            bits = rng.getrandbits(64)
            v = struct.unpack("d", struct.pack("Q", bits))[0]
        elif kind < 0.7:
            v = rng.uniform(-1, 1) * 10.0 ** rng.randint(-8, 20)
        else:
            v = round(rng.uniform(-1e5, 1e5), rng.randint(0, 4))
        vals.append(v)
    return vals


def awkward_arrays(rng):
    fixed = [[43.05], [-243.9], [[6854.09, 14146.7]], [243.9], [0.5, 0.5], [[0.5, 0.5]], [0.0], [-0.0], [1.0, -0.0],
             [1e-5, 1.0], [1e8], [12345678.9], [99999999.9, 1.0], [1.5e16, 2.0], [1e-5, 1e100], [0.125, 1.0],
             [1 / 512, 3 / 512, 0.5], [1234567.125, 1e-3], [np.inf, 1.0], [-np.inf, 1.0], [np.nan], [np.inf],
             [np.nan, -np.inf], [1e300, np.inf, np.nan, -np.inf], [0.0, 0.0], [0.0, 1e-5], [1000.0, 1.0],
             [1000.5, 1.0], [0.0001, 0.1], [9.99e-5, 0.1], [-1e-300, 1e300], [[1.0, 2.0], [3.0, 4.0]],
             [[194.6], [222.0], [226.4]], [[-1e-5], [2.0], [np.nan]], [0.1 + 0.2, 1 / 3], [2.0 / 3, 10.0 / 3]]
    out = [np.array(a, dtype=float) for a in fixed]
    while len(out) < 300:
        shape = rng.choice([(rng.randint(1, 20),), (rng.randint(1, 5), rng.randint(1, 8)), (rng.randint(1, 12), 1)])
        size = int(np.prod(shape))
        style = rng.random()
        if style < 0.25:
            vals = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-3, 7) for _ in range(size)]
        elif style < 0.45:
            vals = [rng.uniform(-1e3, 1e3) for _ in range(size)]
        elif style < 0.6:
            vals = [float(rng.randint(-500, 500)) / rng.choice([1, 2, 4, 10, 512]) for _ in range(size)]
        elif style < 0.8:
            vals = [rng.uniform(-1, 1) * 10.0 ** rng.randint(-12, 20) for _ in range(size)]
        else:
            vals = [rng.choice([rng.uniform(0, 1e4), 0.0, -0.0, float("inf"), -float("inf"), float("nan"),
                                rng.uniform(-1e-3, 1e-3), round(rng.uniform(-100, 100), 1)]) for _ in range(size)]
        out.append(np.array(vals, dtype=float).reshape(shape))
    return [{"shape": list(a.shape), "values": [r(v) for v in a.ravel()], "str": str(a)} for a in out]


def printing_fixture():
    rng = random.Random(20260514)
    floats = [{"value": r(v), "repr": repr(v), "npStr": str(np.float64(v))} for v in awkward_floats(rng)]
    for f in floats:
        assert f["repr"] == f["npStr"], f
    return {"numpy": np.__version__, "floats": floats, "arrays": awkward_arrays(rng)}


def write(folder, filename, payload):
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    path = os.path.join(ROOT, folder, filename)
    with open(path, "w") as f:
        json.dump(payload, f, allow_nan=False, indent=None)
        f.write("\n")
    print("wrote", os.path.relpath(path))


def main():
    assert np.get_printoptions()["precision"] == 8 and np.get_printoptions()["linewidth"] == 75
    write("gd", "notebook.json", notebook_fixture())
    write("gd", "landscape.json", {"numpy": np.__version__, "variants": [
        landscape_variant(name, s) for name in ("lesson", "housing") for s in (False, True)]})
    write("format", "printing.json", printing_fixture())


if __name__ == "__main__":
    main()
