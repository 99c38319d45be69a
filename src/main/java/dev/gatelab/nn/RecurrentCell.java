package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.CellDefinition;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a cell as a module, as torch.nn.LSTMCell is: weight_ih [G·H, input_size], weight_hh [G·H, H], bias_ih
 * and bias_hh [G·H], and the cell's per-unit parameters [H], all U(−1/√H, 1/√H). The step is the cell's
 * {@link CellDefinition} run op by op on autograd tensors, so a cell module is also the readable reference the fused
 * layers are tested against. {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} are the built-in cells; any other
 * is {@code RecurrentCell.of(definition, …)}.
 */
public class RecurrentCell extends Module {
    private final String kind;
    private final CellDefinition cell;
    /** The sizes given to the constructor. */
    protected final int inputSize, hiddenSize;
    /** The parameters, PyTorch's names without the layer suffix (the biases may be null); own: the cell's, by name. */
    protected final Tensor weightIh, weightHh, biasIh, biasHh;
    private final Map<String, Tensor> own = new LinkedHashMap<>();

    RecurrentCell(String kind, CellDefinition cell, int inputSize, int hiddenSize, boolean bias, DType dtype, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new ArgumentException(kind + ": input_size and hidden_size must be positive, got " + inputSize
                    + " and " + hiddenSize);
        }
        this.kind = kind;
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        int rows = cell.blocks().size() * hiddenSize, recurrentRows = cell.recurrentBlocks().size() * hiddenSize;
        this.weightIh = register("weight_ih", Tensor.uniform(rng, dtype, -bound, bound, rows, inputSize));
        this.weightHh = register("weight_hh", Tensor.uniform(rng, dtype, -bound, bound, recurrentRows, hiddenSize));
        this.biasIh = bias ? register("bias_ih", Tensor.uniform(rng, dtype, -bound, bound, rows)) : null;
        this.biasHh = bias ? register("bias_hh", Tensor.uniform(rng, dtype, -bound, bound, recurrentRows)) : null;
        for (String p : cell.parameters()) own.put(p, register(p, Tensor.uniform(rng, dtype, -bound, bound, hiddenSize)));
        for (String m : cell.matrices()) own.put(m, register(m, Tensor.uniform(rng, dtype, -bound, bound, hiddenSize, hiddenSize)));
        cell.startValues(namedParameters(), hiddenSize);
    }

    /**
     * A module of one step of any cell.
     *
     * @param cell the cell
     * @param inputSize features of the input
     * @param hiddenSize units of the state
     * @param bias whether there are bias_ih and bias_hh
     * @param dtype FLOAT32 or FLOAT64
     * @param rng the generator of the initial weights
     * @return the module
     */
    public static RecurrentCell of(CellDefinition cell, int inputSize, int hiddenSize, boolean bias, DType dtype, Rng rng) {
        return new RecurrentCell(cell.name() + "Cell", cell, inputSize, hiddenSize, bias, dtype, rng);
    }

    /** @return the cell this module steps */
    public CellDefinition cell() {
        return cell;
    }

    /**
     * One step, with every named gate: the new states come back in {@code hidden()} and {@code state()}.
     *
     * @param x the input, [batch, input_size]
     * @param state the previous h (and c, for a cell with a state), or null for zeros
     * @return the new hidden state, the new cell state (or null) and the named gates
     */
    public CellDefinition.TensorStep step(Tensor x, RecurrentState state) {
        checkInput(x);
        int batch = x.dim(0);
        Tensor h = state == null || state.h() == null ? zeros(batch) : state.h();
        checkState("h", h, batch, hiddenSize);
        Tensor c = null;
        if (cell.hasState()) {
            int width = cell.states().size() * hiddenSize;     // the states side by side
            c = state == null || state.c() == null ? Tensor.zeros(weightIh.dtype(), batch, width) : state.c();
            checkState("c", c, batch, width);
        } else if (state != null && state.c() != null) {
            throw new ArgumentException(this + ": argument 'c' given, but cell " + cell.name() + " has no state");
        }
        return cell.apply(inputPart(x), hiddenPart(h), h, c, own);
    }

    /**
     * One step.
     *
     * @param x the input, [batch, input_size]
     * @param state the previous h (and c), or null for zeros
     * @return the new h (and c)
     */
    public RecurrentState forward(Tensor x, RecurrentState state) {
        CellDefinition.TensorStep s = step(x, state);
        return s.state() == null ? RecurrentState.of(s.hidden()) : RecurrentState.of(s.hidden(), s.state());
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
        if (x == null || x.rank() != 2 || x.dim(1) != inputSize) {
            throw new ArgumentException(this + ": argument 'input' expected shape [batch, " + inputSize
                    + "], got " + (x == null ? "null" : Shapes.text(x.shape())));
        }
    }

    /**
     * Refuses a state that is not [batch, hidden_size] of the cell's type, naming the argument.
     *
     * @param name the argument's name
     * @param state the state
     * @param batch the input's batch size
     * @param width hidden_size, or the states' width side by side
     */
    protected void checkState(String name, Tensor state, int batch, int width) {
        int[] expected = {batch, width};
        if (!Arrays.equals(state.shape(), expected)) {
            throw new ArgumentException(this + ": argument '" + name + "' expected shape " + Shapes.text(expected)
                    + (width == hiddenSize ? " [batch, hidden_size]" : " [batch, states × hidden_size] (" + cell.states()
                    + " side by side)") + ", got " + Shapes.text(state.shape()));
        }
    }

    @Override
    public String toString() {
        return kind + "(" + inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=False" : "") + ")";
    }
}
