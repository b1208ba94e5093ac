#!/usr/bin/env python3
"""numpy reference for lib/gd/optimizer-bounds.ts: writes tests/fixtures/gd/optimizer-bounds.json.

Run from the repo root:  python3 tests/reference/optimizer_bounds_reference.py
Independent of the TypeScript:
  - momentum's largest stable rate is found from the heavy ball's 2x2 iteration matrix
    [[1 + beta - lr*lambda_max, -beta], [1, 0]] (numpy eigvals), by bisection on its spectral radius
    reaching 1, and compared with the closed form (2 + 2 beta) / lambda_max;
  - the radius and roots of that matrix for a grid of a = lr * lambda and beta;
  - Adam's first update, computed by one literal torch.optim.Adam step (bias-corrected moments),
    and plain descent's first update lr * g.
"""

import numpy as np

from gd_reference import DATASETS, standardize, write  # noqa: E402  (same folder)

BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def hessian_top(X):
    n = X.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    return float(np.linalg.eigvalsh(2.0 / n * A.T @ A)[-1])


def radius(a, beta):
    M = np.array([[1 + beta - a, -beta], [1.0, 0.0]])
    return float(np.max(np.abs(np.linalg.eigvals(M))))


def bisect_bound(lam, beta):
    lo, hi = 0.0, 10.0 / lam
    for _ in range(200):
        mid = (lo + hi) / 2
        if radius(mid * lam, beta) < 1:
            lo = mid
        else:
            hi = mid
    return lo


def adam_first_step(X, y, w0, b0, lr):
    n = X.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    theta = np.append(np.array(w0, dtype=float), b0)
    g = 2.0 / n * A.T @ (A @ theta - y)
    m = (1 - BETA1) * g
    s = (1 - BETA2) * g * g
    step = lr * (m / (1 - BETA1)) / (np.sqrt(s / (1 - BETA2)) + EPSILON)
    return [float(v) for v in np.abs(step)], [float(v) for v in np.abs(lr * g)]


def main():
    variants = []
    for name, data in DATASETS.items():
        for standardized in (False, True):
            X = np.array(data["X"], dtype=float)
            y = np.array(data["y"], dtype=float)
            if standardized:
                X = standardize(X)
            lam = hessian_top(X)
            bounds = []
            for beta in (0.0, 0.5, 0.9):
                found = bisect_bound(lam, beta)
                closed = (2 + 2 * beta) / lam
                assert abs(found - closed) <= 1e-9 * closed, (name, beta, found, closed)
                bounds.append({"beta": beta, "bound": closed})
            adam = {}
            for lr in (0.01, 1.0):
                a, g = adam_first_step(X, y, data["w0"], data["b0"], lr)
                adam[str(lr)] = {"adam": a, "gd": g}
            variants.append({"dataset": name, "standardized": standardized, "lambdaMax": lam,
                             "momentumBounds": bounds, "adamFirstStep": adam})
    directions = []
    for beta in (0.0, 0.5, 0.9):
        for a in (0.001, 0.5, 1.0, 2.0, 3.0, 3.7, 3.9):
            directions.append({"a": a, "beta": beta, "radius": radius(a, beta)})
    write("optimizer-bounds.json", {"variants": variants, "directions": directions})


if __name__ == "__main__":
    main()
