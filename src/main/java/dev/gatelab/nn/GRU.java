package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * Gated recurrent unit (Cho et al. 2014), as torch.nn.GRU: r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(…),
 * n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h' = (1−z)⊙n + z⊙h. See {@link Recurrent} for shapes.
 */
public final class GRU extends Recurrent {
    private GRU(Builder b) {
        super(dev.gatelab.cell.GruEquations.DEFINITION, b);
    }

    /**
     * Starts the options of a GRU.
     *
     * @param inputSize features of each step of the input
     * @param hiddenSize units of the hidden state
     * @return a builder with PyTorch's defaults
     */
    public static Builder builder(int inputSize, int hiddenSize) {
        return new Builder(inputSize, hiddenSize);
    }

    /**
     * Runs from the given initial state.
     *
     * @param input the sequence, laid out as {@link Recurrent} describes
     * @param h0 [num_layers·D, batch, H], or null for zeros
     * @return the output and the final state
     */
    public RecurrentOutput forward(Tensor input, Tensor h0) {
        return forward(input, RecurrentState.of(h0), null);
    }

    /** The options of a GRU: exactly those every recurrent layer has. */
    public static final class Builder extends RecurrentBuilder<GRU, Builder> {
        private Builder(int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
        }

        @Override
        Builder self() {
            return this;
        }

        @Override
        public GRU build() {
            return new GRU(this);
        }
    }
}
