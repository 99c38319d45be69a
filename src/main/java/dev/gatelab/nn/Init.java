package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** PyTorch's default initialisations, so a fresh Gatelab layer has the same distribution as a fresh torch layer. */
final class Init {
    private Init() {}

    /** U(−1/√fanIn, 1/√fanIn): what nn.Linear's kaiming_uniform(a=√5) reduces to, and nn.RNN's U(−1/√H, 1/√H). */
    static Tensor uniformFanIn(Rng rng, DType dtype, int fanIn, int... shape) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return Tensor.uniform(rng, dtype, -bound, bound, shape);
    }
}
