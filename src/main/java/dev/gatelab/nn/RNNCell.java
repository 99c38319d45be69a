package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** One Elman step, as torch.nn.RNNCell: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), or relu. */
public final class RNNCell extends RecurrentCell {
    private final boolean relu;

    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, "tanh", DType.defaultType(), Rng.global());
    }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity, DType dtype, Rng rng) {
        super("RNNCell", 1, inputSize, hiddenSize, bias, dtype, rng);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new ArgumentException("RNNCell: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        }
        this.relu = nonlinearity.equals("relu");
    }

    /** The new hidden state; {@code h} may be null for zeros. */
    public Tensor forward(Tensor x, Tensor h) {
        checkInput(x);
        Tensor hPrev = h == null ? zeros(x.dim(0)) : h;
        checkState("h", hPrev, x.dim(0));
        Tensor a = inputPart(x).add(hiddenPart(hPrev));
        return relu ? a.relu() : a.tanh();
    }
}
