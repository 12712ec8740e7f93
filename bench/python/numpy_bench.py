"""numpy counterparts of Zeroth's timed steps (run by bench/run.sh with Debian's /usr/bin/python3).

  mezo D STEPS      MeZO step (central, q = 1, float32) on ||x||^2 = x @ x, z regenerated from the step's seed
                    per pass, as MeZO does: np.random.default_rng(seed).standard_normal(d, dtype=np.float32)
  overhead D STEPS  a q = 16 forward Gaussian step with ZO-SGD on the trivial f(x) = x[0], float64
  ops D REPEATS     the ops an objective uses (float32; NdOps.java names them): median seconds per call of
                    x += y, x * y, y *= x (x near 1), y += a*x (axpy), x @ y (dot), np.linalg.norm(x), x.sum(),
                    standard_normal(d), a @ b at 1000 x 1000 (with D >= 1e7 only)

Prints one JSON object: median seconds per step, and per evaluation for 'overhead'.
"""
import json
import sys
import time

import numpy as np


def mezo(d, steps, eps=1e-3, lr=1e-6):
    theta = np.full(d, 0.01, dtype=np.float32)

    def f(x):
        return float(x @ x)

    def z(seed):
        return np.random.default_rng(seed).standard_normal(d, dtype=np.float32)

    times = []
    for step in range(steps + 2):
        start = time.perf_counter()
        seed = 1000 + step
        theta += np.float32(eps) * z(seed)
        plus = f(theta)
        theta -= np.float32(2 * eps) * z(seed)
        minus = f(theta)
        theta += np.float32(eps) * z(seed)
        g = (plus - minus) / (2 * eps)
        theta -= np.float32(lr * g) * z(seed)
        times.append(time.perf_counter() - start)
    return {"seconds_per_step": float(np.median(times[2:])), "final": f(theta)}


def overhead(d, steps, q=16, h=1e-3, lr=1e-3):
    rng = np.random.default_rng(0)
    x = np.ones(d)

    def f(v):
        return float(v[0])

    times = []
    for _ in range(steps + 10):
        start = time.perf_counter()
        base = f(x)
        g = np.zeros(d)
        for _ in range(q):
            u = rng.standard_normal(d)
            g += ((f(x + h * u) - base) / h) * u
        x -= (lr / q) * g
        times.append(time.perf_counter() - start)
    per_step = float(np.median(times[10:]))
    return {"seconds_per_step": per_step, "seconds_per_evaluation": per_step / (q + 1)}


def median_call(f, warmups, repeats):
    for _ in range(warmups):
        f()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def ops(d, repeats):
    rng = np.random.default_rng(0)
    x = rng.random(d, dtype=np.float32)
    y = rng.random(d, dtype=np.float32)
    a = np.float32(1e-7)
    w = max(3, repeats // 5)

    def addi():
        nonlocal x
        x += y

    def axpy():
        nonlocal x
        x += a * y

    near_one = np.float32(1) + rng.random(d, dtype=np.float32) * np.float32(2.4e-7)  # products stay normal

    def muli():
        nonlocal y
        y *= near_one

    t = {
        "addi": median_call(addi, w, repeats),
        "mul": median_call(lambda: x * y, w, repeats),
        "muli": median_call(muli, w, repeats),
        "axpy": median_call(axpy, w, repeats),
        "dot": median_call(lambda: x @ y, w, repeats),
        "norm": median_call(lambda: np.linalg.norm(x), w, repeats),
        "sum": median_call(lambda: x.sum(), w, repeats),
        "randn": median_call(lambda: rng.standard_normal(d, dtype=np.float32), w, repeats),
    }
    if d >= 10_000_000:
        m = rng.random((1000, 1000), dtype=np.float32)
        n = rng.random((1000, 1000), dtype=np.float32)
        t["mmul"] = median_call(lambda: m @ n, 3, 15)
    return {"seconds": t}


if __name__ == "__main__":
    kind, d, steps = sys.argv[1], int(float(sys.argv[2])), int(sys.argv[3])
    result = mezo(d, steps) if kind == "mezo" else ops(d, steps) if kind == "ops" else overhead(d, steps)
    result.update({"numpy": np.__version__, "python": sys.version.split()[0]})
    print(json.dumps(result))
