package dev.gatelab.nn;

import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The recurrent layers written the slow, obvious way: the cell equations op by op with the autograd operations, one
 * step at a time, padding handled by masks. The fused layers must agree with it in values and gradients. PyTorch's
 * three cells are written out here by hand; any other mode runs the layer's cell definition on autograd tensors, so
 * the compiled kernels and their derivatives are checked against autograd's.
 */
final class Unrolled {
    private Unrolled() {}

    static RecurrentOutput run(Recurrent layer, String mode, Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        Map<String, Tensor> p = layer.namedParameters();
        Tensor seq = layer.batchFirst() ? Ops.swapAxes01(input) : input;
        int steps = seq.dim(0), batch = seq.dim(1), size = layer.outputSize(), hidden = layer.hiddenSize();
        int dirs = layer.directions(), layers = layer.numLayers();
        Tensor flat = seq.reshape(steps * batch, seq.dim(2));
        List<Tensor> xs = new ArrayList<>();
        for (int t = 0; t < steps; t++) xs.add(flat.slice(0, t * batch, (t + 1) * batch));
        List<Tensor> hs = new ArrayList<>(), cs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            List<List<Tensor>> perDir = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                int idx = l * dirs + d;
                Tensor h = h0 == null ? Tensor.zeros(input.dtype(), batch, size)
                        : h0.reshape(layers * dirs * batch, size).slice(0, idx * batch, (idx + 1) * batch);
                int stateWidth = layer.cell().states().size() * hidden;    // the states side by side
                Tensor c = layer.cell().hasState() ? (c0 == null ? Tensor.zeros(input.dtype(), batch, stateWidth)
                        : c0.reshape(layers * dirs * batch, stateWidth).slice(0, idx * batch, (idx + 1) * batch)) : null;
                Tensor[] outs = new Tensor[steps];
                for (int s = 0; s < steps; s++) {
                    int t = d == 1 ? steps - 1 - s : s;
                    Tensor gi = xs.get(t).matmulT(p.get("weight_ih" + sfx));
                    Tensor gh = h.matmulT(p.get("weight_hh" + sfx));
                    if (p.containsKey("bias_ih" + sfx)) {
                        gi = gi.add(p.get("bias_ih" + sfx));
                        gh = gh.add(p.get("bias_hh" + sfx));
                    }
                    Tensor hNew, cNew = null;
                    switch (mode) {
                        case "LSTM" -> {
                            Tensor z = gi.add(gh);
                            Tensor i = z.slice(1, 0, hidden).sigmoid(), f = z.slice(1, hidden, 2 * hidden).sigmoid();
                            Tensor g = z.slice(1, 2 * hidden, 3 * hidden).tanh(), o = z.slice(1, 3 * hidden, 4 * hidden).sigmoid();
                            cNew = f.mul(c).add(i.mul(g));
                            hNew = o.mul(cNew.tanh());
                        }
                        case "GRU" -> {
                            Tensor r = gi.slice(1, 0, hidden).add(gh.slice(1, 0, hidden)).sigmoid();
                            Tensor z = gi.slice(1, hidden, 2 * hidden).add(gh.slice(1, hidden, 2 * hidden)).sigmoid();
                            Tensor n = gi.slice(1, 2 * hidden, 3 * hidden).add(r.mul(gh.slice(1, 2 * hidden, 3 * hidden))).tanh();
                            hNew = z.neg().add(1).mul(n).add(z.mul(h));
                        }
                        case "RNN_RELU" -> hNew = gi.add(gh).relu();
                        case "RNN_TANH" -> hNew = gi.add(gh).tanh();
                        default -> {
                            // Any other cell: its definition's step on autograd tensors.
                            Map<String, Tensor> own = new java.util.LinkedHashMap<>();
                            for (String name : layer.cell().parameters()) own.put(name, p.get(name + sfx));
                            for (String name : layer.cell().matrices()) own.put(name, p.get(name + sfx));
                            var step = layer.cell().apply(gi, gh, h, c, own);
                            hNew = step.hidden();
                            cNew = step.state();
                        }
                    }
                    if (p.containsKey("weight_hr" + sfx)) hNew = hNew.matmulT(p.get("weight_hr" + sfx));
                    if (lengths == null) {
                        h = hNew;
                        c = cNew;
                        outs[t] = hNew;
                    } else {
                        Tensor mask = mask(input, lengths, t), keep = mask.neg().add(1);
                        h = mask.mul(hNew).add(keep.mul(h));
                        if (c != null) c = mask.mul(cNew).add(keep.mul(c));
                        outs[t] = mask.mul(hNew);
                    }
                }
                List<Tensor> list = new ArrayList<>(List.of(outs));
                perDir.add(list);
                hs.add(h);
                if (c != null) cs.add(c);
            }
            for (int t = 0; t < steps; t++) {
                xs.set(t, dirs == 2 ? Ops.concat(1, perDir.get(0).get(t), perDir.get(1).get(t)) : perDir.get(0).get(t));
            }
        }
        Tensor output = Ops.concat(0, xs.toArray(new Tensor[0])).reshape(steps, batch, dirs * size);
        if (layer.batchFirst()) output = Ops.swapAxes01(output);
        Tensor hN = Ops.concat(0, hs.toArray(new Tensor[0])).reshape(layers * dirs, batch, size);
        Tensor cN = cs.isEmpty() ? null : Ops.concat(0, cs.toArray(new Tensor[0]))
                .reshape(layers * dirs, batch, layer.cell().states().size() * hidden);
        return new RecurrentOutput(output, hN, cN);
    }

    /** [batch, 1]: 1 where step t is inside the sample, 0 past its end. */
    private static Tensor mask(Tensor like, int[] lengths, int t) {
        Tensor m = Tensor.zeros(like.dtype(), lengths.length, 1);
        for (int b = 0; b < lengths.length; b++) m.set(b, t < lengths[b] ? 1 : 0);
        return m;
    }
}
