package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import java.util.Arrays;

/**
 * The base of the one-step cells {@link RNNCell}, {@link LSTMCell} and {@link GRUCell}: weight_ih [G·H, input_size],
 * weight_hh [G·H, H], bias_ih and bias_hh [G·H], all U(−1/√H, 1/√H). Unlike the layers, a cell is written op by op
 * with the autograd operations, so it doubles as the readable reference for the fused layers.
 */
public abstract class RecurrentCell extends Module {
    private final String kind;
    /** The sizes given to the constructor. */
    protected final int inputSize, hiddenSize;
    /** The parameters, PyTorch's names without the layer suffix (the biases may be null). */
    protected final Tensor weightIh, weightHh, biasIh, biasHh;

    RecurrentCell(String kind, int gates, int inputSize, int hiddenSize, boolean bias, DType dtype, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new ArgumentException(kind + ": input_size and hidden_size must be positive, got " + inputSize
                    + " and " + hiddenSize);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        int rows = gates * hiddenSize;
        this.weightIh = register("weight_ih", Tensor.uniform(rng, dtype, -bound, bound, rows, inputSize));
        this.weightHh = register("weight_hh", Tensor.uniform(rng, dtype, -bound, bound, rows, hiddenSize));
        this.biasIh = bias ? register("bias_ih", Tensor.uniform(rng, dtype, -bound, bound, rows)) : null;
        this.biasHh = bias ? register("bias_hh", Tensor.uniform(rng, dtype, -bound, bound, rows)) : null;
    }

    /**
     * x·W_ihᵀ + b_ih, all gates side by side.
     *
     * @param x the input, [batch, input_size]
     * @return x·W_ihᵀ + b_ih
     */
    protected Tensor inputPart(Tensor x) {
        Tensor g = x.matmulT(weightIh);
        return biasIh == null ? g : g.add(biasIh);
    }

    /**
     * h·W_hhᵀ + b_hh, all gates side by side.
     *
     * @param h the hidden state, [batch, hidden_size]
     * @return h·W_hhᵀ + b_hh
     */
    protected Tensor hiddenPart(Tensor h) {
        Tensor g = h.matmulT(weightHh);
        return biasHh == null ? g : g.add(biasHh);
    }

    /**
     * Columns of gate block k.
     *
     * @param gates the stacked gate pre-activations
     * @param k which gate, in the order of the weight rows
     * @return its columns
     */
    protected Tensor block(Tensor gates, int k) {
        return Ops.slice(gates, 1, k * hiddenSize, (k + 1) * hiddenSize);
    }

    /**
     * A zero state for a batch of {@code batch}, when the caller gives none.
     *
     * @param batch the batch size
     * @return a zero state, [batch, hidden_size]
     */
    protected Tensor zeros(int batch) {
        return Tensor.zeros(weightIh.dtype(), batch, hiddenSize);
    }

    /**
     * Refuses an input that is not [batch, input_size] of the cell's type, naming the argument.
     *
     * @param x the input
     */
    protected void checkInput(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != inputSize) {
            throw new ArgumentException(this + ": argument 'input' expected shape [batch, " + inputSize
                    + "], got " + Shapes.text(x.shape()));
        }
    }

    /**
     * Refuses a state that is not [batch, hidden_size] of the cell's type, naming the argument.
     *
     * @param name the argument's name
     * @param state the state
     * @param batch the input's batch size
     */
    protected void checkState(String name, Tensor state, int batch) {
        int[] expected = {batch, hiddenSize};
        if (!Arrays.equals(state.shape(), expected)) {
            throw new ArgumentException(this + ": argument '" + name + "' expected shape " + Shapes.text(expected)
                    + " [batch, hidden_size], got " + Shapes.text(state.shape()));
        }
    }

    @Override
    public String toString() {
        return kind + "(" + inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=False" : "") + ")";
    }
}
