package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * Gated recurrent unit (Cho et al. 2014), as torch.nn.GRU: r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(…),
 * n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h' = (1−z)⊙n + z⊙h. See {@link Recurrent} for shapes.
 */
public final class GRU extends Recurrent {
    private GRU(RecurrentBuilder<GRU> b) {
        super("GRU", new GruMath(), b);
    }

    public static RecurrentBuilder<GRU> builder(int inputSize, int hiddenSize) {
        return new RecurrentBuilder<>(inputSize, hiddenSize, GRU::new);
    }

    /** Runs from the given h0 ([num_layers·D, batch, H]). */
    public RecurrentOutput forward(Tensor input, Tensor h0) {
        return forward(input, RecurrentState.of(h0), null);
    }
}
