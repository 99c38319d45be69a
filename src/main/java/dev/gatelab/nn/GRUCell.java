package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** One GRU step, as torch.nn.GRUCell: h' from x [batch, input_size] and h [batch, hidden]. */
public final class GRUCell extends RecurrentCell {
    /**
     * @param inputSize features of the input
     * @param hiddenSize units of the hidden state
     */
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, DType.defaultType(), Rng.global());
    }

    /**
     * @param inputSize features of the input
     * @param hiddenSize units of the hidden state
     * @param bias whether there are bias_ih and bias_hh
     * @param dtype FLOAT32 or FLOAT64
     * @param rng the generator of the initial weights
     */
    public GRUCell(int inputSize, int hiddenSize, boolean bias, DType dtype, Rng rng) {
        super("GRUCell", dev.gatelab.cell.GruEquations.DEFINITION, inputSize, hiddenSize, bias, dtype, rng);
    }

    /**
     * The new hidden state; {@code h} may be null for zeros.
     *
     * @param x the input, [batch, input_size]
     * @param h the previous hidden state, [batch, hidden_size], or null for zeros
     * @return the new hidden state
     */
    public Tensor forward(Tensor x, Tensor h) {
        return forward(x, h == null ? null : RecurrentState.of(h)).h();
    }
}
