"""Writes src/test/resources/fixtures/kneser_ney.json: an interpolated, modified Kneser-Ney character model computed
from its definition (Chen and Goodman 1999, eqs. 17-19 with the discounts of eq. 26), with Python dictionaries, as an
independent check of dev.gatelab.baseline.KneserNey. Run from the repository root: /usr/bin/python3 src/test/python/make_kneser_ney_fixture.py
"""
import json
import math
from collections import Counter, defaultdict

TEXT = "notebooks/data/tinyshakespeare.txt"
TRAIN = (0, 30000)          # characters the model is fitted on
HELD_OUT = (30000, 33000)   # characters it is scored on
ORDERS = [1, 2, 3, 5]
CONTEXTS = ["", "t", "th", "the", "First Citizen:\n", "zq"]


def model(train, vocab, n):
    # Order k's counts: raw at the top, continuation (distinct predecessors) below.
    raw = {k: Counter(tuple(train[i:i + k]) for i in range(len(train) - k + 1)) for k in range(1, n + 1)}
    count = {n: raw[n]}
    for k in range(1, n):
        count[k] = Counter(gram[1:] for gram in raw[k + 1])
    discounts = {}
    for k in range(1, n + 1):
        m = Counter(count[k].values())
        y = m[1] / (m[1] + 2 * m[2]) if m[1] + 2 * m[2] else 0.0
        # Few counts (the unigrams of a short text) can put an estimate outside (0, j]: KneserNey documents that it
        # then uses Y, or 1/2 when Y is not in (0, 1).
        discounts[k] = []
        for j in (1, 2, 3):
            estimate = j - (j + 1) * y * m[j + 1] / m[j] if m[j] else 0.0
            discounts[k].append(estimate if 0 < estimate <= j else (y if 0 < y < 1 else 0.5))
    by_context = {k: defaultdict(dict) for k in range(1, n + 1)}
    for k in range(1, n + 1):
        for gram, c in count[k].items():
            by_context[k][gram[:-1]][gram[-1]] = c

    def d(k, c):
        return 0.0 if c == 0 else discounts[k][min(c, 3) - 1]

    def p(context, w):
        k = len(context) + 1
        lower = 1.0 / len(vocab) if k == 1 else p(context[1:], w)
        seen = by_context[k].get(tuple(context))
        if not seen:
            return lower
        total = sum(seen.values())
        c = seen.get(w, 0)
        gamma = sum(d(k, v) for v in seen.values()) / total
        return max(c - d(k, c), 0) / total + gamma * lower

    return p


def main():
    text = open(TEXT, encoding="utf-8").read()
    vocab = sorted(set(text))
    train = text[TRAIN[0]:TRAIN[1]]
    held = text[HELD_OUT[0]:HELD_OUT[1]]
    cases = []
    for n in ORDERS:
        p = model(train, vocab, n)
        logs = [math.log(p(held[max(0, t - n + 1):t], held[t])) for t in range(1, len(held))]
        reset = [math.log(p(held[max(t - t % 100, t - n + 1):t], held[t])) for t in range(len(held)) if t % 100 != 0]
        distributions = {c: [p(c[max(0, len(c) - n + 1):] if n > 1 else "", w) for w in vocab] for c in CONTEXTS}
        cases.append({"order": n, "cross_entropy": -sum(logs) / len(logs),
                      "cross_entropy_reset_100": -sum(reset) / len(reset),
                      "first_log_probabilities": logs[:50], "distributions": distributions})
    with open("src/test/resources/fixtures/kneser_ney.json", "w") as f:
        json.dump({"text": TEXT, "train": TRAIN, "held_out": HELD_OUT, "vocabulary": "".join(vocab),
                   "cases": cases}, f, indent=1)


main()
