#!/usr/bin/python3
"""Writes the PyTorch reference fixtures that Gatelab's parity tests compare against.

Run with Debian's torch (apt-get install python3-torch):

    /usr/bin/python3 src/test/python/make_fixtures.py

Every fixture is a JSON file in src/test/resources/fixtures/. Numbers are written with repr(), which round-trips a
double exactly, and float32 values are exact in a double, so Java reads back the very bits torch used. The tests never
need torch: rerun this script only when a fixture's definition changes, and commit its output with it.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")
DTYPES = {"float32": torch.float32, "float64": torch.float64}


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def tensor(t):
    return {"shape": list(t.shape), "data": flat(t)}


def write(name, payload):
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(payload, f, separators=(",", ":"))


# --------------------------------------------------------------------------------------------- recurrent layers

RECURRENT = []
for mode in ["RNN_TANH", "RNN_RELU", "LSTM", "GRU"]:
    for dtype in ["float64", "float32"]:
        base = dict(mode=mode, dtype=dtype, num_layers=1, bidirectional=False, batch_first=False, proj_size=0,
                    bias=True, initial=False, lengths=None)
        variants = [
            {},
            {"num_layers": 2, "initial": True},
            {"bidirectional": True, "batch_first": True},
            {"num_layers": 3, "bidirectional": True, "initial": True},
            {"lengths": [5, 2, 4], "batch_first": True},
            {"lengths": [3, 5, 1], "num_layers": 2, "bidirectional": True, "initial": True},
            {"bias": False, "num_layers": 2},
        ]
        if mode == "LSTM":
            variants += [
                {"proj_size": 2},
                {"proj_size": 3, "num_layers": 2, "bidirectional": True, "initial": True, "lengths": [4, 5, 2]},
            ]
        for i, v in enumerate(variants):
            RECURRENT.append(dict(base, **v, name=f"recurrent_{mode.lower()}_{dtype}_{i}"))


def make_layer(cfg, input_size, hidden):
    kw = dict(num_layers=cfg["num_layers"], bias=cfg["bias"], batch_first=cfg["batch_first"],
              bidirectional=cfg["bidirectional"])
    if cfg["mode"] == "LSTM":
        return nn.LSTM(input_size, hidden, proj_size=cfg["proj_size"], **kw)
    if cfg["mode"] == "GRU":
        return nn.GRU(input_size, hidden, **kw)
    return nn.RNN(input_size, hidden, nonlinearity="relu" if cfg["mode"] == "RNN_RELU" else "tanh", **kw)


def recurrent_fixture(cfg, seed):
    torch.manual_seed(seed)
    dt = DTYPES[cfg["dtype"]]
    input_size, hidden, steps, batch = 3, 4, 5, 3
    layer = make_layer(cfg, input_size, hidden).to(dt)
    d = 2 if cfg["bidirectional"] else 1
    p = cfg["proj_size"] or hidden
    shape = (batch, steps, input_size) if cfg["batch_first"] else (steps, batch, input_size)
    x = torch.randn(shape, dtype=dt, requires_grad=True)
    h0 = torch.randn(cfg["num_layers"] * d, batch, p, dtype=dt, requires_grad=True) if cfg["initial"] else None
    c0 = torch.randn(cfg["num_layers"] * d, batch, hidden, dtype=dt, requires_grad=True) \
        if cfg["initial"] and cfg["mode"] == "LSTM" else None
    state = None if h0 is None else ((h0, c0) if c0 is not None else h0)

    if cfg["lengths"] is not None:
        packed = pack_padded_sequence(x, torch.tensor(cfg["lengths"]), batch_first=cfg["batch_first"],
                                      enforce_sorted=False)
        out, hn = layer(packed, state)
        out, _ = pad_packed_sequence(out, batch_first=cfg["batch_first"], total_length=steps)
    else:
        out, hn = layer(x, state)
    h_n, c_n = hn if isinstance(hn, tuple) else (hn, None)

    w_out = torch.rand_like(out) + 0.5
    w_h = torch.rand_like(h_n) + 0.5
    loss = (out * w_out).sum() + (h_n * w_h).sum()
    w_c = None
    if c_n is not None:
        w_c = torch.rand_like(c_n) + 0.5
        loss = loss + (c_n * w_c).sum()
    loss.backward()

    fx = dict(cfg, input_size=input_size, hidden_size=hidden, steps=steps, batch=batch)
    fx["params"] = {n: tensor(t) for n, t in layer.named_parameters()}
    fx["input"] = tensor(x)
    fx["h0"] = tensor(h0) if h0 is not None else None
    fx["c0"] = tensor(c0) if c0 is not None else None
    fx["output"], fx["h_n"] = tensor(out), tensor(h_n)
    fx["c_n"] = tensor(c_n) if c_n is not None else None
    fx["w_out"], fx["w_h"] = tensor(w_out), tensor(w_h)
    fx["w_c"] = tensor(w_c) if w_c is not None else None
    grads = {"input": tensor(x.grad)}
    if h0 is not None:
        grads["h0"] = tensor(h0.grad)
    if c0 is not None:
        grads["c0"] = tensor(c0.grad)
    for n, t in layer.named_parameters():
        grads[n] = tensor(t.grad)
    fx["grads"] = grads
    write(cfg["name"], fx)


# --------------------------------------------------------------------------------------------- losses

def loss_fixtures():
    for dtype, dt in DTYPES.items():
        torch.manual_seed(7)
        cases = []
        pred = torch.randn(4, 3, dtype=dt)
        target = torch.randn(4, 3, dtype=dt)
        for red in ["mean", "sum", "none"]:
            x = pred.clone().requires_grad_(True)
            out = F.mse_loss(x, target, reduction=red)
            w = torch.rand_like(out) + 0.5
            (out * w).sum().backward()
            cases.append(dict(loss="mse", reduction=red, input=tensor(pred), target=tensor(target),
                              output=tensor(out), weight=tensor(w), grad=tensor(x.grad)))

        logits = torch.randn(6, 5, dtype=dt) * 2
        labels = [0, 4, 2, 2, 1, 3]
        for red in ["mean", "sum", "none"]:
            for ignore in [-100, 2]:
                for smoothing in [0.0, 0.1]:
                    x = logits.clone().requires_grad_(True)
                    out = F.cross_entropy(x, torch.tensor(labels), reduction=red, ignore_index=ignore,
                                          label_smoothing=smoothing)
                    w = torch.rand_like(out) + 0.5
                    (out * w).sum().backward()
                    cases.append(dict(loss="cross_entropy", reduction=red, ignore_index=ignore,
                                      label_smoothing=smoothing, input=tensor(logits), labels=labels,
                                      output=tensor(out), weight=tensor(w), grad=tensor(x.grad)))

        z = torch.randn(5, 2, dtype=dt) * 3
        y = torch.rand(5, 2, dtype=dt)
        for red in ["mean", "sum", "none"]:
            x = z.clone().requires_grad_(True)
            out = F.binary_cross_entropy_with_logits(x, y, reduction=red)
            w = torch.rand_like(out) + 0.5
            (out * w).sum().backward()
            cases.append(dict(loss="bce_with_logits", reduction=red, input=tensor(z), target=tensor(y),
                              output=tensor(out), weight=tensor(w), grad=tensor(x.grad)))

        # Drawn after the cases above, so that adding these left those unchanged. Residuals on both sides of delta.
        p = torch.randn(5, 3, dtype=dt) * 2
        t = torch.randn(5, 3, dtype=dt)
        for red in ["mean", "sum", "none"]:
            x = p.clone().requires_grad_(True)
            out = F.l1_loss(x, t, reduction=red)
            w = torch.rand_like(out) + 0.5
            (out * w).sum().backward()
            cases.append(dict(loss="l1", reduction=red, input=tensor(p), target=tensor(t),
                              output=tensor(out), weight=tensor(w), grad=tensor(x.grad)))
            for delta in [1.0, 0.5]:
                x = p.clone().requires_grad_(True)
                out = F.huber_loss(x, t, reduction=red, delta=delta)
                w = torch.rand_like(out) + 0.5
                (out * w).sum().backward()
                cases.append(dict(loss="huber", reduction=red, delta=delta, input=tensor(p), target=tensor(t),
                                  output=tensor(out), weight=tensor(w), grad=tensor(x.grad)))
        write(f"losses_{dtype}", dict(dtype=dtype, cases=cases))


# --------------------------------------------------------------------------------------------- optimizers

OPTIMIZERS = [
    ("sgd", dict(lr=0.1)),
    ("sgd", dict(lr=0.1, momentum=0.9)),
    ("sgd", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("sgd", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.001)),
    ("adam", dict(lr=0.01)),
    ("adam", dict(lr=0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1)),
    ("adamw", dict(lr=0.01)),
    ("adamw", dict(lr=0.02, betas=(0.85, 0.99), weight_decay=0.3)),
    ("rmsprop", dict(lr=0.01)),
    ("rmsprop", dict(lr=0.01, alpha=0.9, momentum=0.5, weight_decay=0.01)),
    ("rmsprop", dict(lr=0.01, centered=True, momentum=0.3)),
    ("adagrad", dict(lr=0.1)),
    ("adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.05, initial_accumulator_value=0.1)),
]
OPT_CLASSES = dict(sgd=torch.optim.SGD, adam=torch.optim.Adam, adamw=torch.optim.AdamW,
                   rmsprop=torch.optim.RMSprop, adagrad=torch.optim.Adagrad)


def quadratic(params, a, b):
    """L = Σ a⊙p² + b⊙p³/3: a loss whose gradient changes with p, so every step tests the update rule."""
    return sum((ai * p * p).sum() + (bi * p ** 3).sum() / 3 for p, ai, bi in zip(params, a, b))


def optimizer_fixtures():
    for dtype, dt in DTYPES.items():
        cases = []
        for k, (name, kw) in enumerate(OPTIMIZERS):
            torch.manual_seed(100 + k)
            init = [torch.randn(3, 2, dtype=dt), torch.randn(4, dtype=dt)]
            a = [torch.rand_like(t) + 0.1 for t in init]
            b = [torch.randn_like(t) * 0.1 for t in init]
            params = [t.clone().requires_grad_(True) for t in init]
            opt = OPT_CLASSES[name](params, **kw)
            steps = []
            for _ in range(5):
                opt.zero_grad()
                quadratic(params, a, b).backward()
                opt.step()
                steps.append([flat(p) for p in params])
            options = {kk: (list(vv) if isinstance(vv, tuple) else vv) for kk, vv in kw.items()}
            cases.append(dict(optimizer=name, options=options, init=[tensor(t) for t in init],
                              a=[tensor(t) for t in a], b=[tensor(t) for t in b], steps=steps))
        write(f"optimizers_{dtype}", dict(dtype=dtype, cases=cases))


def schedule_fixtures():
    cases = []

    def run(name, make, metrics=None, epochs=12):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.5)
        sched = make(opt)
        lrs = []
        for e in range(epochs):
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[e])
            lrs.append(opt.param_groups[0]["lr"])
        cases.append(dict(schedule=name, base_lr=0.5, metrics=metrics, lrs=lrs))

    run("step", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5))
    run("exponential", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9))
    run("cosine", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.01))
    metrics = [1.0, 0.9, 0.95, 0.96, 0.97, 0.8, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9]
    run("plateau", lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2, cooldown=1,
                                                                        min_lr=0.1), metrics)
    write("schedules", dict(cases=cases))


def clipping_fixture():
    torch.manual_seed(3)
    grads = [torch.randn(3, 2, dtype=torch.float64) * 4, torch.randn(5, dtype=torch.float64) * 4]
    cases = []
    for max_norm in [1.0, 100.0]:
        ps = [torch.zeros_like(g, requires_grad=True) for g in grads]
        for p, g in zip(ps, grads):
            p.grad = g.clone()
        norm = torch.nn.utils.clip_grad_norm_(ps, max_norm)
        cases.append(dict(kind="norm", limit=max_norm, total_norm=float(norm), grads=[flat(p.grad) for p in ps]))
    ps = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(ps, grads):
        p.grad = g.clone()
    torch.nn.utils.clip_grad_value_(ps, 2.5)
    cases.append(dict(kind="value", limit=2.5, grads=[flat(p.grad) for p in ps]))
    write("clipping", dict(input=[tensor(g) for g in grads], cases=cases))


# --------------------------------------------------------------------------------------------- safetensors round trip

def write_safetensors(path, tensors, metadata):
    """The safetensors layout exactly as Gatelab writes it (tensors in order, compact JSON, header padded with spaces
    to 8 bytes), so the two writers' files can be compared byte for byte."""
    import numpy as np
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        kind = {torch.float32: ("F32", "<f4"), torch.float64: ("F64", "<f8")}[t.dtype]
        blob = t.detach().contiguous().numpy().astype(kind[1]).tobytes()
        header[name] = {"dtype": kind[0], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    padded = text + b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(len(padded).to_bytes(8, "little") + padded + b"".join(blobs))


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    dtypes = {"F32": torch.float32, "F64": torch.float64}
    tensors = {}
    for name, h in header.items():
        begin, end = h["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        tensors[name] = torch.frombuffer(raw, dtype=dtypes[h["dtype"]]).reshape(h["shape"]).clone()
    return tensors, meta


def gatelab_config(kind, layer, dtype):
    """The metadata Gatelab's ModelIO writes for a recurrent layer, key for key: the options every kind has, then
    the kind's own (LSTM proj_size, RNN nonlinearity), then the dtype."""
    config = {"kind": kind, "input_size": layer.input_size, "hidden_size": layer.hidden_size,
              "num_layers": layer.num_layers, "bias": layer.bias, "batch_first": layer.batch_first,
              "dropout": float(layer.dropout), "bidirectional": layer.bidirectional}
    if kind == "LSTM":
        config["proj_size"] = layer.proj_size
    if kind == "RNN":
        config["nonlinearity"] = layer.nonlinearity
    config["dtype"] = dtype
    return json.dumps(config, separators=(",", ":"))


def safetensors_fixtures():
    # PyTorch → Gatelab: a trained-elsewhere LSTM, saved by torch, loaded and run by Gatelab.
    torch.manual_seed(77)
    lstm = nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True, proj_size=2)
    x = torch.randn(2, 6, 3)
    out, (h, c) = lstm(x)
    write_safetensors(os.path.join(OUT, "torch_lstm.safetensors"), dict(lstm.state_dict()),
                      {"format": "pt", "gatelab.config": gatelab_config("LSTM", lstm, "FLOAT32")})
    write("torch_lstm", dict(input=tensor(x), output=tensor(out), h_n=tensor(h), c_n=tensor(c)))

    # Gatelab → PyTorch: the file Gatelab wrote (GatelabFixture.java), loaded strictly into torch.nn.GRU.
    path = os.path.join(OUT, "gatelab_gru.safetensors")
    if not os.path.exists(path):
        raise SystemExit("missing " + path + ": run mvn -q test-compile exec:java "
                         "-Dexec.mainClass=dev.gatelab.io.GatelabFixture first")
    tensors, meta = read_safetensors(path)
    cfg = json.loads(meta["gatelab.config"])
    gru = nn.GRU(cfg["input_size"], cfg["hidden_size"], num_layers=cfg["num_layers"], bias=cfg["bias"],
                 batch_first=cfg["batch_first"], bidirectional=cfg["bidirectional"]).double()
    gru.load_state_dict(tensors, strict=True)
    # The same bytes come out of this writer: the two implementations agree on the format to the byte.
    again = path + ".torch"
    write_safetensors(again, dict(gru.state_dict()), meta)
    with open(path, "rb") as a, open(again, "rb") as b:
        assert a.read() == b.read(), "torch's re-save of Gatelab's file differs"
    os.remove(again)
    g = torch.Generator().manual_seed(5)
    x = torch.randn(2, 5, 3, dtype=torch.float64, generator=g)
    out, h = gru(x)
    write("gatelab_gru_in_torch", dict(input=tensor(x), output=tensor(out), h_n=tensor(h)))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for i, cfg in enumerate(RECURRENT):
        recurrent_fixture(cfg, 1000 + i)
    loss_fixtures()
    optimizer_fixtures()
    schedule_fixtures()
    clipping_fixture()
    safetensors_fixtures()
    print(f"wrote {len(os.listdir(OUT))} fixtures to {os.path.normpath(OUT)} with torch {torch.__version__}")
