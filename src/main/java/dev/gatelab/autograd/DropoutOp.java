package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

/**
 * Inverted dropout: each element is zeroed with probability p and the survivors are scaled by 1/(1−p), so evaluation
 * needs no rescaling. The mask is the only thing backward keeps.
 */
final class DropoutOp {
    private DropoutOp() {}

    static Tensor dropout(Tensor a, double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new ArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        if (p == 0) return a;
        double scale = 1 / (1 - p);
        Tensor out = Tensor.resultOf(a.dtype(), a.shape(), a);
        float[] mask = new float[a.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.uniform() < p ? 0f : 1f;
            out.set(i, mask[i] == 0 ? 0 : a.get(i) * scale);
        }
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int i = 0; i < mask.length; i++) if (mask[i] != 0) ga.add(i, g.get(i) * scale);
        });
        return out;
    }
}
