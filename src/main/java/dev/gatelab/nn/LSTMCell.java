package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.cell.LstmVariant;

/**
 * One LSTM step, as torch.nn.LSTMCell: returns (h', c') from x [batch, input_size], h and c [batch, hidden]. With a
 * {@link LstmVariant}, one step of that variant, the same equations as {@link LSTM}'s.
 */
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
        this(inputSize, hiddenSize, bias, dtype, rng, LstmVariant.STANDARD);
    }

    /**
     * @param inputSize features of the input
     * @param hiddenSize units of the cell state
     * @param bias whether there are bias_ih and bias_hh
     * @param dtype FLOAT32 or FLOAT64
     * @param rng the generator of the initial weights
     * @param variant the LSTM variant
     */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, DType dtype, Rng rng, LstmVariant variant) {
        super("LSTMCell", variant.definition(), inputSize, hiddenSize, bias && !variant.hasLayerNorm(), dtype, rng);
        if (bias && variant.hasLayerNorm()) {
            throw new dev.gatelab.ArgumentException("LSTMCell(" + inputSize + ", " + hiddenSize + "): a layerNorm cell has"
                    + " no bias_ih and bias_hh (the normalisation would cancel them; ln_bias_{block} takes their place);"
                    + " pass bias = false");
        }
    }
}
