package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** One LSTM step, as torch.nn.LSTMCell: returns (h', c') from x [batch, input_size], h and c [batch, hidden]. */
public final class LSTMCell extends RecurrentCell {
    /**
     * @param inputSize features of the input
     * @param hiddenSize units of the cell state
     */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, DType.defaultType(), Rng.global());
    }

    /**
     * @param inputSize features of the input
     * @param hiddenSize units of the cell state
     * @param bias whether there are bias_ih and bias_hh
     * @param dtype FLOAT32 or FLOAT64
     * @param rng the generator of the initial weights
     */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, DType dtype, Rng rng) {
        super("LSTMCell", 4, inputSize, hiddenSize, bias, dtype, rng);
    }

    /**
     * The new states; {@code state} may be null for zeros.
     *
     * @param x the input, [batch, input_size]
     * @param state the previous h and c, or null for zeros
     * @return the new h and c
     */
    public RecurrentState forward(Tensor x, RecurrentState state) {
        checkInput(x);
        Tensor h = state == null ? zeros(x.dim(0)) : state.h();
        Tensor c = state == null ? zeros(x.dim(0)) : state.c();
        checkState("h", h, x.dim(0));
        checkState("c", c, x.dim(0));
        Tensor gates = inputPart(x).add(hiddenPart(h));
        Tensor i = block(gates, 0).sigmoid();
        Tensor f = block(gates, 1).sigmoid();
        Tensor g = block(gates, 2).tanh();
        Tensor o = block(gates, 3).sigmoid();
        Tensor cNext = f.mul(c).add(i.mul(g));
        Tensor hNext = o.mul(cNext.tanh());
        return RecurrentState.of(hNext, cNext);
    }
}
