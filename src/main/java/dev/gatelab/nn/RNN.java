package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;
import java.util.Map;

/** The Elman network, as torch.nn.RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or relu. See {@link Recurrent}. */
public final class RNN extends Recurrent {
    private final Nonlinearity nonlinearity;

    private RNN(Builder b) {
        super(b.nonlinearity.cell(), b);
        this.nonlinearity = b.nonlinearity;
    }

    /**
     * Starts the options of an RNN.
     *
     * @param inputSize features of each step of the input
     * @param hiddenSize units of the hidden state
     * @return a builder with PyTorch's defaults (tanh)
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

    /** @return the activation of every step */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    void describe(Map<String, Object> config) {
        config.put("nonlinearity", nonlinearity.torchName());
    }

    /** The options of an RNN: those of every recurrent layer, and the nonlinearity. */
    public static final class Builder extends RecurrentBuilder<RNN, Builder> {
        private Nonlinearity nonlinearity = Nonlinearity.TANH;

        private Builder(int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The activation of every step.
         *
         * @param n TANH (the default) or RELU
         * @return this builder
         */
        public Builder nonlinearity(Nonlinearity n) {
            this.nonlinearity = java.util.Objects.requireNonNull(n, "RNN: nonlinearity must not be null");
            return this;
        }

        @Override
        public RNN build() {
            return new RNN(this);
        }
    }
}
