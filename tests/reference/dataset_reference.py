#!/usr/bin/env python3
"""numpy reference for instructors' own datasets (lib/datasets): writes tests/fixtures/datasets/summaries.json.

Run from the repo root:  python3 tests/reference/dataset_reference.py
Deterministic (fixed seeds); commit the output. Each case is CSV text (as an instructor would
paste it) and what numpy makes of it after Python's csv module has read it back: the Hessian's
eigenvalues, the condition number, the largest stable rate and the best single step, for raw and
standardised features. The analysis and the z-scoring are gd_reference.py's (the lesson's maths).
Floats in the CSV are written with repr, which JavaScript's Number() reads back exactly.
"""

import csv
import io
import json
import os

import numpy as np

from gd_reference import DATASETS, analyse, standardize  # noqa: E402  (same folder)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "datasets", "summaries.json")
# lib/gd/modes.ts's ZERO_EIGENVALUE: below this share of the largest, an eigenvalue is a zero.
ZERO_EIGENVALUE = 1e-12


def csv_text(names, X, y, quote_header=False, newline="\n", bom=False):
    head = ",".join(f'"{n}"' if quote_header else n for n in names)
    rows = [",".join(repr(float(v)) for v in (*x, t)) for x, t in zip(X, y)]
    return ("\ufeff" if bom else "") + newline.join([head, *rows]) + newline


def read_back(text):
    """Python's own CSV reader, independent of lib/datasets' parser."""
    records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    records = [r for r in records if any(c.strip() for c in r)]
    names = [c.strip() for c in records[0]]
    data = np.array([[float(c) for c in r] for r in records[1:]], dtype=float)
    return names, data[:, :-1], data[:, -1]


def scaling(X, y, w0, b0):
    info = analyse(X, y, w0, b0)
    eig = info["hessianEigenvalues"]
    singular = not eig[0] > ZERO_EIGENVALUE * eig[-1]
    return {
        "eigenvalues": eig,
        "conditionNumber": None if singular else float(eig[-1] / eig[0]),
        "maxStableLearningRate": info["maxStableLearningRate"],
        "oneStepOptimalLearningRate": info["oneStepOptimalLearningRate"],
    }


def case(name, text, w0=None, b0=0.0, note=""):
    names, X, y = read_back(text)
    d = X.shape[1]
    w0 = [0.5] * d if w0 is None else w0
    with np.errstate(all="ignore"):
        Xs = standardize(X)
        return {
            "name": name,
            "note": note,
            "csv": text,
            "featureNames": names[:-1],
            "labelName": names[-1],
            "n": int(X.shape[0]),
            "d": int(d),
            "initialWeights": [float(v) for v in w0],
            "initialBias": float(b0),
            "firstRowStandardized": [float(v) for v in Xs[0]],
            "raw": scaling(X, y, w0, b0),
            "standardized": scaling(Xs, y, w0, b0),
        }


def main():
    rng = np.random.default_rng(15)
    cases = []

    housing = DATASETS["housing"]
    cases.append(case("housing", csv_text(["area_m2", "rooms", "age_years", "price"], housing["X"], housing["y"]),
                      note="lib/gd's housing data: the issue's sentence (6.29e-5, 0.633)"))

    n, scales = 200, np.array([1000.0, 1.0, 0.01, 50.0, 0.1])
    X = np.round(rng.normal(size=(n, 5)) * scales + scales * 3, 4)
    y = np.round(X @ np.array([0.002, 3.0, 150.0, -0.04, 10.0]) + 7 + rng.normal(size=n), 3)
    names = ["size", "count", "ratio", "temp", "share", "target"]
    mixed = csv_text(names, X, y, newline="\r\n")
    cases.append(case("mixed-scales", mixed, note="five features on scales 0.01..1000, CRLF"))
    cases.append(case("mixed-scales-own-start", mixed, w0=[0.1, -0.2, 3.0, 0.0, -1.5], b0=4.0,
                      note="the same data from an instructor's own initial weights"))

    X = np.round(rng.uniform(0, 10, size=(30, 3)), 2)
    X[:, 1] = 7.0
    y = np.round(X[:, 0] * 2 - X[:, 2] + 1, 2)
    cases.append(case("constant-feature", csv_text(["a", "b", "c", "y"], X, y),
                      note="column b is 7 in every row: a singular Hessian, raw and standardised"))

    cases.append(case("one-row", csv_text(["x1", "x2", "x3", "y"], [[28.1, 58.0, 3.0]], [165.0]),
                      note="one sample: a rank-one Hessian"))

    X = np.round(rng.uniform(-50, 50, size=(1000, 20)), 1)
    y = np.round(X @ rng.uniform(-1, 1, size=20) + 2, 1)
    big = csv_text([f"feature {j + 1}" for j in range(20)] + ["label"], X, y, quote_header=True, bom=True)
    assert len(big.encode("utf-8")) <= 256 * 1024, len(big.encode("utf-8"))
    cases.append(case("largest", big, note="1,000 rows x 20 features, quoted header, BOM"))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, allow_nan=False)
        f.write("\n")
    print("wrote", os.path.relpath(OUT))


if __name__ == "__main__":
    main()
