"""Runs Gatelab's exported PyTorch modules against Gatelab's own numbers (PyTorchExportTest writes both).

    /usr/bin/python3 src/test/python/check_export.py cases.json

For each case of the manifest: the generated module is imported, load_gatelab reads the checkpoint Gatelab saved, and
the model runs on Gatelab's input, eagerly and under torch.jit.script. The loss is the sum of each output times a
random weight (the same weights Gatelab used), so the gradient of every parameter is compared too. Prints one JSON
line per case: the largest difference from Gatelab, absolute and relative to the largest value, for the
outputs, the final states and the gradients.
"""
import importlib.util
import json
import sys

import torch


def module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def differences(model, data, kind):
    x = data["input"]
    lengths = data["lengths"].long() if "lengths" in data else None
    names = [n for n, _ in model.named_parameters()]
    params = [p for _, p in model.named_parameters()]
    if kind == "sequence":
        got = {"output": model(x, lengths)}
        loss = (got["output"] * data["r.output"]).sum()
    else:
        out, states = model(x, lengths)
        got = {"output": out}
        loss = (out * data["r.output"]).sum()
        for j, s in enumerate(states):
            got[f"state{j}"] = s
            loss = loss + (s * data[f"r.state{j}"]).sum()
    grads = torch.autograd.grad(loss, params)
    pairs = {"output": [(got["output"], data["gatelab.output"])],
             "states": [(got[k], data["gatelab." + k]) for k in got if k.startswith("state")],
             "grads": [(g, data["grad." + n]) for n, g in zip(names, grads)]}
    out = {}
    for what, compared in pairs.items():
        # absolute: the largest difference; relative: each tensor's largest difference over its largest value (or 1)
        out[what] = max([(a - b).abs().max().item() for a, b in compared], default=0.0)
        out[what + "_relative"] = max([(a - b).abs().max().item() / max(1.0, b.abs().max().item())
                                       for a, b in compared], default=0.0)
    worst = max(zip(names, grads), key=lambda ng: (ng[1] - data["grad." + ng[0]]).abs().max().item())
    out["worst_grad"] = worst[0]
    out["parameters"] = len(names)
    return out


def refuses(call):
    try:
        call()
    except ValueError:
        return True
    return False


def main():
    manifest = json.load(open(sys.argv[1]))
    cases = manifest["cases"]
    for k, case in enumerate(cases):
        m = module(case["module"], case["name"])
        model = m.load_gatelab(case["checkpoint"])
        model.eval()
        data, _ = m.load_safetensors(case["data"])
        result = {"case": case["name"], "eager": differences(model, data, case["kind"])}
        result["script"] = differences(torch.jit.script(model), data, case["kind"])
        # Gatelab refuses a length of 0, and so must the module; and a checkpoint of another model, whatever its shapes.
        zero = torch.zeros(data["input"].size(0 if case["kind"] == "sequence" else 1), dtype=torch.long)
        result["refuses_lengths"] = refuses(lambda: model(data["input"], zero))
        other = cases[(k + 1) % len(cases)]["checkpoint"]
        result["refuses_other_checkpoint"] = refuses(lambda: m.load_gatelab(other))
        # Back to Gatelab in float32, as a model trained on a GPU in float32 comes back.
        m.save_gatelab(model.float(), case["resaved"])
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
