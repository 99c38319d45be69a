package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/** The Elman network, as torch.nn.RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or relu. See {@link Recurrent}. */
public final class RNN extends Recurrent {
    private final boolean relu;

    private RNN(RecurrentBuilder<RNN> b) {
        super("RNN", new RnnMath(b.relu), b);
        this.relu = b.relu;
    }

    public static RecurrentBuilder<RNN> builder(int inputSize, int hiddenSize) {
        return new RecurrentBuilder<>(inputSize, hiddenSize, RNN::new);
    }

    /** Runs from the given h0 ([num_layers·D, batch, H]). */
    public RecurrentOutput forward(Tensor input, Tensor h0) {
        return forward(input, RecurrentState.of(h0), null);
    }

    @Override
    String extraName() {
        return relu ? "relu" : null;
    }
}
