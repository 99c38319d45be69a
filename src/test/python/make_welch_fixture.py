"""Writes src/test/resources/fixtures/welch.json: Welch's t-test by scipy.stats.ttest_ind(equal_var=False) on a few
pairs of samples, and Holm's adjustment computed here from its definition (each sorted p-value times the number not
yet rejected, made monotone), as an independent check of dev.gatelab.baseline.Welch and Holm. Run from the repository
root: /usr/bin/python3 src/test/python/make_welch_fixture.py (needs python3-numpy and python3-scipy).
"""
import json

import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
cases = []
for n, m, shift, scale in [(5, 5, 0.0, 1.0), (5, 5, 1.5, 3.0), (3, 8, -0.4, 0.2), (12, 4, 2.0, 0.5), (2, 2, 0.3, 1.0)]:
    x = rng.normal(0.0, 1.0, n)
    y = rng.normal(shift, scale, m)
    r = stats.ttest_ind(x, y, equal_var=False)
    vx, vy = x.var(ddof=1) / n, y.var(ddof=1) / m
    df = (vx + vy) ** 2 / (vx ** 2 / (n - 1) + vy ** 2 / (m - 1))
    cases.append({"x": x.tolist(), "y": y.tolist(), "t": float(r.statistic), "df": float(df),
                  "p": float(r.pvalue), "difference": float(x.mean() - y.mean())})


def holm(p):
    p = np.asarray(p)
    order = np.argsort(p, kind="stable")
    k = len(p)
    adjusted = np.empty(k)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (k - rank) * p[i]))
        adjusted[i] = running
    return adjusted.tolist()


families = [[0.01, 0.04, 0.03, 0.005], [0.2, 0.5, 0.001, 0.04, 0.9, 0.03, 0.0, 0.012, 0.6],
            [case["p"] for case in cases]]
json.dump({"welch": cases, "holm": [{"p": f, "adjusted": holm(f)} for f in families]},
          open("src/test/resources/fixtures/welch.json", "w"), indent=1)
