#!/usr/bin/env python3
"""numpy reference for a round on an instructor's own dataset: writes tests/fixtures/datasets/custom-round.json.

Run from the repo root:  python3 tests/reference/custom_round_reference.py
Deterministic (a fixed seed); commit the output. The CSV is what an instructor would upload (CRLF,
a start of their own); numpy reads it back with Python's csv module (dataset_reference.py) and
trains every run with optimizer_reference.py's formulas and stopping rules, raw and standardised.
tests/server/dataset-round.test.ts plays the same runs in a live round and compares what the server
stored with these series.
"""

import json
import math
import os

import numpy as np

import optimizer_reference  # noqa: E402  (same folder)
from dataset_reference import csv_text, read_back  # noqa: E402
from gd_reference import analyse, standardize  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "datasets", "custom-round.json")
STEPS = 200  # the live round's maxSteps: the test plays it at 60 steps a second
W0, B0 = [0.2, -1.0, 3.0], 10.0


def dataset_csv():
    rng = np.random.default_rng(1515)
    n = 24
    area = np.round(rng.uniform(40, 220, n), 1)
    rooms = rng.integers(1, 7, n).astype(float)
    distance = np.round(rng.uniform(0.5, 30, n), 2)
    X = np.stack([area, rooms, distance], axis=1)
    y = np.round(2.5 * area + 12 * rooms - 3.5 * distance + 30 + rng.normal(0, 8, n), 1)
    return csv_text(["area", "rooms", "distance_km", "price"], X, y, newline="\r\n")


def runs_for(bound):
    """(optimizer, lr, beta) relative to plain descent's stable bound 2 / lambda_max."""
    return [
        ("gd", bound * 0.5, None),
        ("gd", bound * 0.98, None),
        ("gd", bound * 1.05, None),  # just past the bound: diverges
        ("momentum", bound * 0.5, 0.9),
        ("adam", 0.5, None),
    ]


def variant(X, y, standardized):
    if standardized:
        X = standardize(X)
    info = analyse(X, y, W0, B0)
    optimum = info["optimumLoss"]
    runs = []
    for optimizer, lr, beta in runs_for(info["maxStableLearningRate"]):
        losses = optimizer_reference.series(X, y, W0, B0, optimum, optimizer, lr, beta)
        assert all(v is None or math.isfinite(v) for v in losses)
        runs.append({"optimizer": optimizer, "lr": lr, "momentum": beta,
                     "status": optimizer_reference.outcome(losses, optimum), "losses": losses})
    return {"standardized": standardized, "maxStableLearningRate": info["maxStableLearningRate"],
            "optimumLoss": optimum, "runs": runs}


def main():
    optimizer_reference.STEPS = STEPS
    text = dataset_csv()
    names, X, y = read_back(text)
    payload = {
        "name": "Flats by distance",
        "csv": text,
        "featureNames": names[:-1],
        "labelName": names[-1],
        "initialWeights": W0,
        "initialBias": B0,
        "steps": STEPS,
        "variants": [variant(X, y, False), variant(X, y, True)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(payload, f, allow_nan=False)
        f.write("\n")
    for v in payload["variants"]:
        print("   ", "standardised" if v["standardized"] else "raw",
              ", ".join(f"{r['optimizer']} {r['lr']:.3g} {r['status']}@{len(r['losses']) - 1}" for r in v["runs"]))
    print("wrote", os.path.relpath(OUT))


if __name__ == "__main__":
    main()
