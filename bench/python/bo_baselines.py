"""Baselines for the Bayesian-optimization section of bench/run.sh (Debian's python3-optuna and python3-sklearn).

  bo_baselines.py tpe PROBLEM SEEDS BUDGET   best value so far after every trial of optuna's TPE sampler, per seed
  bo_baselines.py gp-ei N REPEATS            seconds per acquisition of a scikit-learn GP-EI loop with N observations

Prints one JSON line last. The problems are the textbook formulas (Surjanovic & Bingham), as Zeroth's Problems."""
import json
import math
import sys
import time

import numpy as np

A6 = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
               [17, 8, 0.05, 10, 0.1, 14]])
P6 = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                      [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    x = np.asarray(x)
    return float(-np.sum(ALPHA * np.exp(-np.sum(A6 * (x - P6) ** 2, axis=1))))


def levy(x):
    w = 1 + (np.asarray(x) - 1) / 4
    return float(np.sin(math.pi * w[0]) ** 2 + np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(math.pi * w[:-1] + 1) ** 2))
                 + (w[-1] - 1) ** 2 * (1 + np.sin(2 * math.pi * w[-1]) ** 2))


PROBLEMS = {"branin": (branin, [(-5, 10), (0, 15)]), "hartmann6": (hartmann6, [(0, 1)] * 6),
            "levy(5)": (levy, [(-10, 10)] * 5)}


def tpe(problem, seeds, budget):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    f, box = PROBLEMS[problem]
    curves = []
    for seed in range(seeds):
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(lambda trial: f([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(box)]),
                       n_trials=budget)
        values = [t.value for t in study.trials]
        curves.append(list(np.minimum.accumulate(values)))
    return {"best": curves, "optuna": optuna.__version__}


def gp_ei(n, repeats):
    """One BO acquisition as a scikit-learn user writes it: fit a Matérn 5/2 ARD GP with a fitted noise term by
    maximum likelihood (L-BFGS-B, one restart), then maximize EI over 600 + 100·d random candidates and polish the
    best 3 with L-BFGS-B — on Hartmann6 data, as Zeroth's step is timed."""
    from scipy.optimize import minimize
    from scipy.stats import norm
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
    import sklearn
    d = 6
    rng = np.random.default_rng(0)
    times = []
    for r in range(repeats):
        x = rng.random((n, d))
        y = np.array([hartmann6(p) for p in x])
        start = time.perf_counter()
        kernel = ConstantKernel(1.0, (1e-2, 1e2)) * Matern(np.ones(d), (5e-3, 20), nu=2.5) + WhiteKernel(1e-3, (1e-6, 1))
        gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=1, random_state=r).fit(x, y)
        best = y.min()

        def neg_ei(u):
            mu, sd = gp.predict(np.atleast_2d(u), return_std=True)
            sd = np.maximum(sd, 1e-12)
            z = (best - mu) / sd
            return -float(((best - mu) * norm.cdf(z) + sd * norm.pdf(z))[0])

        cand = rng.random((600 + 100 * d, d))
        mu, sd = gp.predict(cand, return_std=True)
        sd = np.maximum(sd, 1e-12)
        z = (best - mu) / sd
        ei = (best - mu) * norm.cdf(z) + sd * norm.pdf(z)
        for i in np.argsort(-ei)[:3]:
            minimize(neg_ei, cand[i], method="L-BFGS-B", bounds=[(0, 1)] * d)
        times.append(time.perf_counter() - start)
    return {"seconds_per_acquisition": float(np.median(times)), "sklearn": sklearn.__version__}


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "tpe":
        print(json.dumps(tpe(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    elif what == "gp-ei":
        print(json.dumps(gp_ei(int(sys.argv[2]), int(sys.argv[3]))))
    else:
        sys.exit("usage: bo_baselines.py tpe PROBLEM SEEDS BUDGET | gp-ei N REPEATS")
