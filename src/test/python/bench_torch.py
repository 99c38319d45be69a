#!/usr/bin/python3
"""PyTorch's side of Gatelab's recurrent benchmark (dev.gatelab.bench.RecurrentBenchmark runs it in the same run).

Needs Debian's python3-torch; for a fair comparison also libopenblas0-openmp (the pthread OpenBLAS fights the JVM's
threads). Prints one JSON line per workload: {"workload", "threads", "median_ms", "min_ms", "max_ms", "steps"}.

    /usr/bin/python3 src/test/python/bench_torch.py --threads 1 --steps 20

With --serve it reads requests "WORKLOAD THREADS STEPS" (or "version") from stdin and answers each with one JSON line
{"workload", "threads", "times_ms"}; a workload is built and warmed up on its first request, so the Java side can
interleave short runs of both systems and a slow spell of the machine falls on both.
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn

WORKLOADS = {
    # name: (cell, layers, batch, steps, input, hidden, train, dtype); as dev.gatelab.bench.Workload
    "W1-LSTM": ("LSTM", 1, 32, 50, 32, 128, True, torch.float32),
    "W1-GRU": ("GRU", 1, 32, 50, 32, 128, True, torch.float32),
    "W1-RNN": ("RNN", 1, 32, 50, 32, 128, True, torch.float32),
    "W1-LSTM-inference": ("LSTM", 1, 32, 50, 32, 128, False, torch.float32),
    "W1-LSTM-float64": ("LSTM", 1, 32, 50, 32, 128, True, torch.float64),
    "W2-LSTM": ("LSTM", 2, 64, 100, 64, 256, True, torch.float32),
    # notebook 04's character model: one-hot characters, a head at every step, cross-entropy, the state carried,
    # gradients clipped to norm 5, Adam at 0.005
    "W3-charLM": ("LSTM", 1, 64, 100, 65, 256, True, torch.float32),
}
CHAR_MODELS = {"W3-charLM"}


def build_char_model(name, warmup):
    """Notebook 04's training step, as a PyTorch user writes it."""
    cell, layers, batch, length, chars, hidden, train, dtype = WORKLOADS[name]
    torch.manual_seed(0)
    rnn = nn.LSTM(chars, hidden, num_layers=layers, batch_first=True)
    head = nn.Linear(hidden, chars)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=0.005)
    ids = torch.randint(0, chars, (batch, length + 1))
    x = nn.functional.one_hot(ids[:, :-1], chars).float()
    y = ids[:, 1:]
    state = [None]

    def step():
        opt.zero_grad()
        out, (h, c) = rnn(x, state[0])
        state[0] = (h.detach(), c.detach())
        loss = nn.functional.cross_entropy(head(out).reshape(-1, chars), y.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()

    for _ in range(warmup):
        step()
    return step


def build(name, warmup):
    """The workload's training (or inference) step, warmed up."""
    if name in CHAR_MODELS:
        return build_char_model(name, warmup)
    cell, layers, batch, length, inputs, hidden, train, dtype = WORKLOADS[name]
    torch.manual_seed(0)
    rnn = getattr(nn, cell)(inputs, hidden, num_layers=layers, batch_first=True).to(dtype)
    head = nn.Linear(hidden, 1).to(dtype)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    x = torch.randn(batch, length, inputs, dtype=dtype)
    y = torch.randn(batch, 1, dtype=dtype)

    def step():
        if train:
            opt.zero_grad()
            out, _ = rnn(x)
            loss = nn.functional.mse_loss(head(out[:, -1]), y)
            loss.backward()
            opt.step()
        else:
            with torch.no_grad():
                out, _ = rnn(x)
                head(out[:, -1])

    for _ in range(warmup):
        step()
    return step


def timed(step, steps):
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def run(name, threads, steps, warmup):
    times = timed(build(name, warmup), steps)
    return dict(workload=name, threads=threads, median_ms=statistics.median(times), min_ms=min(times),
                max_ms=max(times), steps=steps)


def serve(warmup):
    steps_by_key = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        if line.strip() == "version":
            print(json.dumps(dict(torch=torch.__version__)), flush=True)
            continue
        name, threads, steps = line.split()
        threads, steps = int(threads), int(steps)
        torch.set_num_threads(threads)
        key = (name, threads)
        if key not in steps_by_key:
            steps_by_key[key] = build(name, warmup)
        print(json.dumps(dict(workload=name, threads=threads, times_ms=timed(steps_by_key[key], steps))), flush=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=30)
    ap.add_argument("--workload", action="append")
    ap.add_argument("--serve", action="store_true")
    args = ap.parse_args()
    if args.serve:
        serve(args.warmup)
        sys.exit(0)
    torch.set_num_threads(args.threads)
    for name in args.workload or WORKLOADS:
        print(json.dumps(run(name, args.threads, args.steps, args.warmup)), flush=True)
