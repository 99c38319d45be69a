package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.LstmVariant;
import java.util.Map;

/**
 * Long short-term memory, as torch.nn.LSTM: i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…),
 * c' = f⊙c + i⊙g, h' = o⊙tanh(c'), and with proj_size h' = W_hr·(o⊙tanh(c')). See {@link Recurrent} for shapes.
 *
 * <p>The builder also offers the variants of Greff et al. (2017) and the forget-gate bias of Jozefowicz et al.
 * (2015); their equations are in {@link LstmVariant}:
 * <pre>{@code
 * LSTM vanilla = LSTM.builder(8, 64).peepholes().build();          // the paper's vanilla LSTM
 * LSTM cifg = LSTM.builder(8, 64).coupledGates().forgetBias(1).build();
 * }</pre>
 */
public final class LSTM extends Recurrent {
    private final LstmVariant variant;

    private LSTM(Builder b) {
        super(b.variant.definition(), b);
        this.variant = b.variant;
    }

    /** @return the variant's options; {@link LstmVariant#STANDARD} for PyTorch's LSTM */
    public LstmVariant variant() {
        return variant;
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
        config.putAll(variant.toConfig());
    }

    /** The options of an LSTM: those of every recurrent layer, and proj_size. */
    public static final class Builder extends RecurrentBuilder<LSTM, Builder> {
        private LstmVariant variant = LstmVariant.STANDARD;

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

        /**
         * Peephole connections: i and f also see c_{t−1}, o sees c_t, through per-unit weights (Gers and
         * Schmidhuber 2000; the vanilla LSTM of Greff et al.).
         *
         * @return this builder
         */
        public Builder peepholes() {
            variant = variant.peepholes();
            return this;
        }

        /**
         * No input gate: i = 1 (Greff et al.'s NIG).
         *
         * @return this builder
         */
        public Builder withoutInputGate() {
            variant = variant.withoutInputGate();
            return this;
        }

        /**
         * No forget gate: f = 1 (NFG), the cell of the first LSTMs.
         *
         * @return this builder
         */
        public Builder withoutForgetGate() {
            variant = variant.withoutForgetGate();
            return this;
        }

        /**
         * No output gate: o = 1 (NOG).
         *
         * @return this builder
         */
        public Builder withoutOutputGate() {
            variant = variant.withoutOutputGate();
            return this;
        }

        /**
         * No input activation: g = z_g, without tanh (NIAF).
         *
         * @return this builder
         */
        public Builder withoutInputActivation() {
            variant = variant.withoutInputActivation();
            return this;
        }

        /**
         * No output activation: h = o ⊙ c, without tanh (NOAF).
         *
         * @return this builder
         */
        public Builder withoutOutputActivation() {
            variant = variant.withoutOutputActivation();
            return this;
        }

        /**
         * Coupled input and forget gates: i = 1 − f, one block fewer (CIFG, as in the GRU).
         *
         * @return this builder
         */
        public Builder coupledGates() {
            variant = variant.coupledGates();
            return this;
        }

        /**
         * Starts the forget gate's bias at {@code bias} instead of at random: 1 in Jozefowicz et al. (2015), so the
         * cell remembers from the first step. bias_ih's f block starts at the value, bias_hh's at 0.
         *
         * @param bias the initial b_f
         * @return this builder
         */
        public Builder forgetBias(double bias) {
            variant = variant.forgetBias(bias);
            return this;
        }

        /**
         * Greff et al.'s full gate recurrence: each gate also reads the previous step's i, f and o through matrices of
         * its own (see {@link LstmVariant#fullGateRecurrence}); c0 and c_n then hold c and the previous gates side by side.
         *
         * @return this builder
         */
        public Builder fullGateRecurrence() {
            variant = variant.fullGateRecurrence();
            return this;
        }

        /**
         * Layer normalisation of every gate block and of the cell state (Ba, Kiros and Hinton 2016), with per-unit
         * gains and biases ({@link LstmVariant#layerNorm}). The layer then has no bias_ih and bias_hh: a
         * normalisation would cancel them, and ln_bias_{block} takes their place.
         *
         * @return this builder
         */
        public Builder layerNorm() {
            return variant(variant.layerNorm());
        }

        /**
         * All the variant's options at once, as {@link LSTM#variant()} gives them.
         *
         * @param options the options
         * @return this builder
         */
        public Builder variant(LstmVariant options) {
            variant = java.util.Objects.requireNonNull(options, "LSTM: variant must not be null");
            return this;
        }

        /** A layer norm replaces the biases (ln_bias_{block} takes their place), unless bias() was given. */
        @Override
        boolean effectiveBias() {
            return biasGiven ? bias : !variant.hasLayerNorm();
        }

        @Override
        public LSTM build() {
            String where = "LSTM(" + inputSize + ", " + hiddenSize + ")";
            if (variant.hasLayerNorm() && effectiveBias()) {
                throw new ArgumentException(where + ": layerNorm() and bias(true): the normalisation would cancel"
                        + " bias_ih and bias_hh, and ln_bias_{block} takes their place; leave bias unset");
            }
            if (!effectiveBias() && !variant.hasLayerNorm() && variant.toConfig().containsKey("forget_bias")) {
                throw new ArgumentException(where + ": forgetBias needs the biases; bias(false) leaves none to start");
            }
            return new LSTM(this);
        }
    }
}
