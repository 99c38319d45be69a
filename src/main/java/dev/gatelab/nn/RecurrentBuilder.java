package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import java.util.function.Function;

/**
 * The options of torch.nn.RNN / LSTM / GRU, set fluently: {@code LSTM.builder(32, 128).numLayers(2).bidirectional()
 * .batchFirst().dropout(0.2).build()}. Defaults are PyTorch's.
 */
public final class RecurrentBuilder<T extends Recurrent> {
    final int inputSize;
    final int hiddenSize;
    int numLayers = 1;
    boolean bias = true;
    boolean batchFirst = false;
    double dropout = 0;
    boolean bidirectional = false;
    int projSize = 0;
    boolean relu = false;
    DType dtype = DType.defaultType();
    Rng rng = Rng.global();
    private final Function<RecurrentBuilder<T>, T> factory;

    RecurrentBuilder(int inputSize, int hiddenSize, Function<RecurrentBuilder<T>, T> factory) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.factory = factory;
    }

    public RecurrentBuilder<T> numLayers(int n) {
        this.numLayers = n;
        return this;
    }

    public RecurrentBuilder<T> bias(boolean on) {
        this.bias = on;
        return this;
    }

    /** Inputs and outputs as [batch, time, features] instead of [time, batch, features]. */
    public RecurrentBuilder<T> batchFirst() {
        return batchFirst(true);
    }

    public RecurrentBuilder<T> batchFirst(boolean on) {
        this.batchFirst = on;
        return this;
    }

    /** Dropout on the outputs of every layer but the last, while training. */
    public RecurrentBuilder<T> dropout(double p) {
        this.dropout = p;
        return this;
    }

    public RecurrentBuilder<T> bidirectional() {
        return bidirectional(true);
    }

    public RecurrentBuilder<T> bidirectional(boolean on) {
        this.bidirectional = on;
        return this;
    }

    /** LSTM only: project each hidden state to this size with weight_hr (Sak et al. 2014). */
    public RecurrentBuilder<T> projSize(int size) {
        this.projSize = size;
        return this;
    }

    /** RNN only: "tanh" (the default) or "relu". */
    public RecurrentBuilder<T> nonlinearity(String name) {
        if (!name.equals("tanh") && !name.equals("relu")) {
            throw new ArgumentException("RNN: nonlinearity must be 'tanh' or 'relu', got '" + name + "'");
        }
        this.relu = name.equals("relu");
        return this;
    }

    public RecurrentBuilder<T> dtype(DType type) {
        this.dtype = type;
        return this;
    }

    /** The generator for initialisation and dropout (the global one by default). */
    public RecurrentBuilder<T> rng(Rng generator) {
        this.rng = generator;
        return this;
    }

    public T build() {
        return factory.apply(this);
    }
}
