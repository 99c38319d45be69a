package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** One Elman step, as torch.nn.RNNCell: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or relu. */
public final class RNNCell extends RecurrentCell {
    /**
     * A tanh cell with biases, in the default dtype, initialised from the global generator.
     *
     * @param inputSize features of the input
     * @param hiddenSize units of the hidden state
     */
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, Nonlinearity.TANH, DType.defaultType(), Rng.global());
    }

    /**
     * A cell with every option.
     *
     * @param inputSize features of the input
     * @param hiddenSize units of the hidden state
     * @param bias whether there are bias_ih and bias_hh
     * @param nonlinearity TANH or RELU
     * @param dtype the element type of the parameters
     * @param rng the generator of the initial weights
     */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, Nonlinearity nonlinearity, DType dtype, Rng rng) {
        super("RNNCell", java.util.Objects.requireNonNull(nonlinearity, "RNNCell: nonlinearity must not be null").cell(), inputSize, hiddenSize, bias, dtype, rng);
    }

    /**
     * One step.
     *
     * @param x the input, [batch, input_size]
     * @param h the previous hidden state, [batch, hidden_size], or null for zeros
     * @return the new hidden state, [batch, hidden_size]
     */
    public Tensor forward(Tensor x, Tensor h) {
        return forward(x, h == null ? null : RecurrentState.of(h)).h();
    }
}
