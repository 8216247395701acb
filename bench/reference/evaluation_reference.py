"""NumPy reference for the `evaluation` benchmark suite: the same pipeline as the TypeScript engine,
vectorised over Monte Carlo runs, for an honest speed ratio measured in the same command.

Pipeline (as bench/evaluation/synthetic-data.ts builds it for the engine):
  normalisation  min-max to [1, 100] (nominal) or z-score with mean 100, sd 10 (sample sd)
  aggregation    weighted arithmetic (nominal) or weighted geometric mean, at every level of a 4-level tree
                 (60 indicators -> 12 dimensions -> 4 pillars -> index), weights renormalised within parents
  Monte Carlo    each weight x U(0.75, 1.25); normalisation and aggregation chosen uniformly per run;
                 ranks (1 = best) -> rank histogram (units x units) and mean |rank - nominal rank|

Runs are processed in batches (all runs of a batch at once: batched matrix products per level, grouped by
the run's normalisation x aggregation choice). The random numbers come from NumPy's own generator, so the
rank statistics agree with the engine's statistically, not digit for digit; the nominal ranking is printed
so that the harness can check both implementations compute the same index.

Usage: python3 evaluation_reference.py data.json runs repeats  ->  JSON on stdout.
"""

import json
import sys
import time

import numpy as np


def load(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    x = np.asarray(d["values"], dtype=np.float64)  # units x indicators
    nodes = d["nodes"]  # indicators first, then dimensions, pillars, index (bottom-up)
    return x, nodes


def tree_arrays(nodes):
    index = {n["code"]: i for i, n in enumerate(nodes)}
    levels = sorted({n["level"] for n in nodes})
    by_level = {lv: [i for i, n in enumerate(nodes) if n["level"] == lv] for lv in levels}
    weight = np.array([n["weight"] for n in nodes], dtype=np.float64)
    # membership matrices child-level -> parent-level (uniform tree: children of level L+1 are level L)
    members = []
    for lv in levels[:-1]:
        children = by_level[lv]
        parents = by_level[lv + 1]
        pos = {p: k for k, p in enumerate(parents)}
        m = np.zeros((len(children), len(parents)))
        for c_pos, c in enumerate(children):
            m[c_pos, pos[index[nodes[c]["parent"]]]] = 1.0
        members.append((np.array(children), m))
    return weight, members


def minmax(x, lo=1.0, hi=100.0):
    mn = x.min(axis=0)
    mx = x.max(axis=0)
    return (x - mn) / (mx - mn) * (hi - lo) + lo


def zscore(x, mean=100.0, sd=10.0):
    return (x - x.mean(axis=0)) / x.std(axis=0, ddof=1) * sd + mean


def aggregate(values, weights, members, geometric):
    """values: units x indicators; weights: runs x nodes -> index scores runs x units."""
    # geometric: stay in log space; a weighted mean of logs is the log of the weighted geometric mean
    s = (np.log(values) if geometric else values)[None, :, :]  # 1 x units x children (broadcast over runs)
    for children, m in members:
        w = weights[:, children]  # runs x children
        wm = w[:, :, None] * m[None, :, :]  # runs x children x parents
        num = np.matmul(s, wm)  # runs x units x parents
        den = wm.sum(axis=1)[:, None, :]  # runs x 1 x parents
        s = num / den
    out = s[:, :, 0]
    return np.exp(out) if geometric else out


def ranks_of(scores):
    """Competition ranks per run, 1 = highest (continuous data: no ties)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(scores.shape[0])[:, None]
    ranks[rows, order] = np.arange(1, scores.shape[1] + 1)[None, :]
    return ranks


def single_evaluation(x, weight, members):
    v = minmax(x)
    scores = aggregate(v, weight[None, :], members, geometric=False)
    return scores[0], ranks_of(scores)[0]


def monte_carlo(x, weight, members, runs, seed, batch):
    units = x.shape[0]
    normalised = [minmax(x), zscore(x)]
    nominal = ranks_of(aggregate(normalised[0], weight[None, :], members, False))[0]
    varied = np.array([i for i in range(len(weight) - 1)])  # every node but the root
    rng = np.random.default_rng(seed)
    histogram = np.zeros(units * units, dtype=np.int64)
    shifts = np.zeros(units, dtype=np.int64)
    done = 0
    while done < runs:
        b = min(batch, runs - done)
        u = rng.random((b, len(varied) + 2))
        w = np.broadcast_to(weight, (b, len(weight))).copy()
        w[:, varied] *= 1.0 + 0.25 * (2.0 * u[:, : len(varied)] - 1.0)
        norm = (u[:, -2] * 2).astype(np.int64)
        agg = (u[:, -1] * 2).astype(np.int64)
        scores = np.empty((b, units))
        for k in range(2):
            for g in range(2):
                sel = np.nonzero((norm == k) & (agg == g))[0]
                if sel.size:
                    scores[sel] = aggregate(normalised[k], w[sel], members, geometric=g == 1)
        r = ranks_of(scores)
        histogram += np.bincount((np.arange(units)[None, :] * units + r - 1).ravel(), minlength=units * units)
        shifts += np.abs(r - nominal[None, :]).sum(axis=0)
        done += b
    hist = histogram.reshape(units, units)
    cum = hist.cumsum(axis=1)
    median = (cum * 100 >= 50 * runs).argmax(axis=1) + 1
    return nominal, median, shifts / runs


def timed(fn, repeats):
    """Median wall and process CPU time (milliseconds) of `repeats` calls, and the last output."""
    wall, cpu = [], []
    out = None
    for _ in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        wall.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
    wall.sort()
    cpu.sort()
    return wall[len(wall) // 2], cpu[len(cpu) // 2], out


def main():
    path, runs, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    single_repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    x, nodes = load(path)
    weight, members = tree_arrays(nodes)
    units = x.shape[0]
    # batch size: about 64 MB of runs x units x children doubles per product
    batch = max(16, min(2000, int(8_000_000 / (units * 60))))
    for _ in range(3):
        single_evaluation(x, weight, members)
    single_ms, single_cpu_ms, (scores, nominal_ranks) = timed(lambda: single_evaluation(x, weight, members), single_repeats)
    monte_carlo(x, weight, members, min(runs, 500), 1, batch)  # warm-up
    mc_ms, mc_cpu_ms, (nominal, median, shift) = timed(lambda: monte_carlo(x, weight, members, runs, 1, batch), repeats)
    json.dump(
        {
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "units": units,
            "runs": runs,
            "batch": batch,
            "singleMs": single_ms,
            "singleCpuMs": single_cpu_ms,
            "monteCarloMs": mc_ms,
            "monteCarloCpuMs": mc_cpu_ms,
            "nominalRanks": nominal_ranks.tolist(),
            "nominalScores": scores.tolist(),
            "medianRanks": median.tolist(),
            "meanAbsRankShift": float(shift.mean()),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
