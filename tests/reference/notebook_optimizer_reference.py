#!/usr/bin/env python3
"""numpy reference for the notebook's momentum and Adam cells (lib/gd/notebook.ts,
notebook-optimizer.ts): writes tests/fixtures/gd/notebook-optimizers.json.

Run from the repo root:  python3 tests/reference/notebook_optimizer_reference.py
Deterministic; commit the output. The update is written from its definition (as in
optimizer_reference.py), with theta = (w, b) and g = (dL/dw, dL/db):
  momentum  v = beta * v + g;  theta = theta - lr * v                       (torch.optim.SGD)
  adam      m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g * g        (torch.optim.Adam)
            m_hat = m / (1 - b1**t);  v_hat = v / (1 - b2**t);  theta = theta - lr * m_hat / (sqrt(v_hat) + eps)
Every sum over samples is taken left to right and predictions column by column (lib/gd's order,
see notebook_reference.notebook_cells_core_order); everything else is elementwise, so the values
are bit-exact with the core on one sample and on several. Printed strings are str() of the arrays
in the notebook's shapes, w-like (1, d) and b-like (1,), as print(f'v_w: {v_w}') shows them.
"""

import numpy as np

from notebook_reference import data, loss_str, optimum_of, r, running, seq_sum, write  # noqa: E402

BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8
STEPS = [0, 1, 2, 3, 5, 10, 50]


def predict(X, theta):
    p = X[:, 0] * theta[0]
    for j in range(1, X.shape[1]):
        p = p + X[:, j] * theta[j]
    return p + theta[-1]


def loss_and_gradient(X, y, theta):
    n = X.shape[0]
    e = y - predict(X, theta)
    delta = -2 * e
    g = np.array([seq_sum(delta * X[:, j]) / n for j in range(X.shape[1])] + [seq_sum(delta) / n])
    return seq_sum(e * e) / n, g


def split(theta):
    """theta as the notebook's w (1, d) and b (1,)."""
    return np.array([theta[:-1]]), np.array([theta[-1]])


def run(name, standardized, optimizer, lr, beta=None):
    X, y, w0, b0 = data(name, standardized)
    _, optimum = optimum_of(X, y)
    theta = np.append(w0[0], b0[0])
    first = np.zeros_like(theta)  # momentum's v, Adam's m
    second = np.zeros_like(theta)  # Adam's v
    b1t = b2t = 1.0
    steps = []
    with np.errstate(all="ignore"):
        loss, g = loss_and_gradient(X, y, theta)
        initial = loss
        for k in range(max(STEPS) + 1):
            if not running(float(loss), initial, optimum):
                break
            state = {}
            if optimizer == "momentum":
                nxt = beta * first + g
                step = lr * nxt
                state = {"velocity": first, "nextVelocity": nxt}
                first = nxt
            else:
                b1t *= BETA1
                b2t *= BETA2
                m = BETA1 * first + (1 - BETA1) * g
                s = BETA2 * second + (1 - BETA2) * (g * g)
                m_hat, v_hat = m / (1 - b1t), s / (1 - b2t)
                step = (lr * m_hat) / (np.sqrt(v_hat) + EPSILON)
                state = {"firstMoment": first, "secondMoment": second, "nextFirstMoment": m, "nextSecondMoment": s,
                         "correctedFirst": m_hat, "correctedSecond": v_hat}
                first, second = m, s
            nxt_theta = theta - step
            next_loss, next_g = loss_and_gradient(X, y, nxt_theta)
            if k in STEPS:
                w, b = split(theta)
                gw, gb = split(g)
                nw, nb = split(nxt_theta)
                arrays = {"weight": w, "bias": b, "gradWeights": gw, "gradBias": gb, "nextWeight": nw, "nextBias": nb}
                steps.append({
                    "step": k,
                    "values": {key: [r(v) for v in a.ravel()] for key, a in arrays.items()}
                    | {"loss": r(loss), "nextLoss": r(next_loss)}
                    | {key: [r(v) for v in a] for key, a in state.items()},
                    "printed": {key: str(a) for key, a in arrays.items()}
                    | {"loss": loss_str(loss), "nextLoss": loss_str(next_loss)}
                    | {key: dict(zip(("weight", "bias"), map(str, split(a)))) for key, a in state.items()},
                })
            theta, loss, g = nxt_theta, next_loss, next_g
    return {"dataset": name, "standardized": standardized, "optimizer": optimizer, "lr": lr, "momentum": beta,
            "steps": steps}


def main():
    runs = [
        run("lesson", False, "adam", 1.0),  # the run whose notebook used to show plain descent's 6854.09
        run("lesson", False, "adam", 0.1),
        run("lesson", False, "momentum", 1e-4, 0.9),
        run("lesson", False, "momentum", 2.4e-4, 0.5),
        run("lesson", True, "momentum", 0.1, 0.9),
        run("lesson", True, "adam", 0.01),
        run("housing", False, "momentum", 1e-5, 0.9),
        run("housing", False, "adam", 1.0),
        run("housing", True, "momentum", 0.1, 0.9),
        run("housing", True, "adam", 0.1),
    ]
    first = runs[0]["steps"][0]["printed"]
    assert first["nextWeight"] == "[[1.5 1.5]]", first["nextWeight"]
    write("gd", "notebook-optimizers.json", {"numpy": np.__version__, "runs": runs})


if __name__ == "__main__":
    main()
