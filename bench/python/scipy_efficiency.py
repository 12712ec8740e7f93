"""scipy.optimize's derivative-free methods on the sample-efficiency cases (bench/run.sh writes them).

Reads a JSON file {cases: [{problem, d, target, budget, starts: [[...], ...]}]} and prints
{results: [{problem, d, method, start, evaluations}]}: evaluations until f first falls below the target
(null when the budget ran out first). The objective stops the run the moment the target is reached, as
Zeroth's stopAt(target) does; tolerances are set tiny so that only the budget and the target end a run.
"""
import contextlib
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy.optimize import minimize


def sphere(x):
    return float(x @ x)


def ellipsoid(x):
    d = x.size
    w = np.ones(1) if d == 1 else 10.0 ** (6.0 * np.arange(d) / (d - 1))
    return float(w @ (x * x))


def rosenbrock(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def rastrigin(x):
    return float(10.0 * x.size + np.sum(x * x - 10.0 * np.cos(2 * math.pi * x)))


PROBLEMS = {"sphere": sphere, "ellipsoid": ellipsoid, "rosenbrock": rosenbrock, "rastrigin": rastrigin}


class Reached(Exception):
    pass


class Counted:
    def __init__(self, f, target, budget):
        self.f, self.target, self.budget, self.calls = f, target, budget, 0

    def __call__(self, x):
        if self.calls >= self.budget:
            raise Reached()  # out of budget: stop (reported as not reached)
        self.calls += 1
        v = self.f(np.asarray(x, dtype=float))
        if v < self.target:
            self.reached = self.calls
            raise Reached()
        return v


def run(method, f, x0, target, budget):
    counted = Counted(f, target, budget)
    counted.reached = None
    options = {
        "Nelder-Mead": {"maxfev": budget, "maxiter": budget, "xatol": 1e-14, "fatol": 1e-16},
        "Powell": {"maxfev": budget, "maxiter": budget, "xtol": 1e-14, "ftol": 1e-16},
        "COBYLA": {"maxiter": budget, "tol": 1e-14},
    }[method]
    try:
        with quiet_stderr():
            minimize(counted, np.array(x0, dtype=float), method=method, options=options)
    except Reached:
        pass
    return counted.reached


@contextlib.contextmanager
def quiet_stderr():
    # COBYLA's Fortran wrapper prints two lines to fd 2 when the objective stops it; keep the bench's output clean.
    saved = os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def main(path):
    with open(path) as fh:
        cases = json.load(fh)["cases"]
    results = []
    for case in cases:
        f = PROBLEMS[case["problem"]]
        for method in ("Nelder-Mead", "Powell", "COBYLA"):
            for i, x0 in enumerate(case["starts"]):
                results.append({"problem": case["problem"], "d": case["d"], "method": method, "start": i,
                                "evaluations": run(method, f, x0, case["target"], case["budget"])})
    print(json.dumps({"results": results, "scipy": scipy.__version__}))


if __name__ == "__main__":
    main(sys.argv[1])
