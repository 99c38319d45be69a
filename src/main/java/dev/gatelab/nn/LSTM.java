package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.Map;

/**
 * Long short-term memory, as torch.nn.LSTM: i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…),
 * c' = f⊙c + i⊙g, h' = o⊙tanh(c'), and with proj_size h' = W_hr·(o⊙tanh(c')). See {@link Recurrent} for shapes.
 */
public final class LSTM extends Recurrent {
    private LSTM(Builder b) {
        super(new LstmMath(), b, b.projSize);
    }

    /**
     * Starts the options of an LSTM.
     *
     * @param inputSize features of each step of the input
     * @param hiddenSize units of the cell state
     * @return a builder with PyTorch's defaults
     */
    public static Builder builder(int inputSize, int hiddenSize) {
        return new Builder(inputSize, hiddenSize);
    }

    /**
     * Runs from the given states.
     *
     * @param input the sequence, laid out as {@link Recurrent} describes
     * @param h0 [num_layers·D, batch, P], or null for zeros
     * @param c0 [num_layers·D, batch, H], or null for zeros
     * @return the output and the final states
     */
    public RecurrentOutput forward(Tensor input, Tensor h0, Tensor c0) {
        return forward(input, RecurrentState.of(h0, c0), null);
    }

    @Override
    void describe(Map<String, Object> config) {
        config.put("proj_size", outputSize() == hiddenSize() ? 0 : outputSize());
    }

    /** The options of an LSTM: those of every recurrent layer, and proj_size. */
    public static final class Builder extends RecurrentBuilder<LSTM, Builder> {
        private int projSize = 0;

        private Builder(int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Projects each hidden state to this size with weight_hr (Sak et al. 2014), as PyTorch's proj_size.
         *
         * @param size 0 for no projection (the default), else in [1, hidden_size)
         * @return this builder
         */
        public Builder projSize(int size) {
            this.projSize = size;
            return this;
        }

        @Override
        public LSTM build() {
            String where = "LSTM(" + inputSize + ", " + hiddenSize + ")";
            if (projSize < 0) throw new ArgumentException(where + ": proj_size must be >= 0, got " + projSize);
            if (projSize > 0 && projSize >= hiddenSize) {
                throw new ArgumentException(where + ": proj_size must be smaller than hidden_size, got " + projSize);
            }
            return new LSTM(this);
        }
    }
}
