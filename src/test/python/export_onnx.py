#!/usr/bin/python3
"""Writes the ONNX Runtime peer's model for the benchmark: W1's LSTM inference step (batch 32, 50 steps, 32 inputs,
128 units, a Linear head on the last step), as bench_torch.py builds it, exported by Debian's python3-torch at
opset 14. The weights are bench_torch.py's (seed 0); only the timing uses the file.

    /usr/bin/python3 src/test/python/export_onnx.py   # writes src/peers/resources/w1-lstm-inference.onnx
"""
import pathlib

import torch
import torch.nn as nn


class LastStep(nn.Module):
    def __init__(self, inputs, hidden):
        super().__init__()
        self.rnn = nn.LSTM(inputs, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])


if __name__ == "__main__":
    torch.manual_seed(0)
    model = LastStep(32, 128).eval()
    x = torch.randn(32, 50, 32)
    target = pathlib.Path(__file__).resolve().parents[2] / "peers" / "resources" / "w1-lstm-inference.onnx"
    torch.onnx.export(model, (x,), str(target), opset_version=14, input_names=["x"], output_names=["y"])
    print(f"wrote {target} ({target.stat().st_size} bytes)")
