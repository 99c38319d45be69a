package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;

/**
 * The options every recurrent layer shares with torch.nn.RNNBase, set fluently; PyTorch's defaults. Each layer has its
 * own subclass ({@link LSTM.Builder}, {@link GRU.Builder}, {@link RNN.Builder}) that adds only the options that layer
 * has, so {@code GRU.builder(3, 4).projSize(2)} does not compile. Options are checked in {@link #build()}.
 *
 * <pre>{@code
 * LSTM lstm = LSTM.builder(32, 128).numLayers(2).bidirectional().batchFirst().dropout(0.2).build();
 * }</pre>
 *
 * @param <T> the layer it builds
 * @param <B> the builder's own type, so every option returns it
 */
public abstract class RecurrentBuilder<T extends Recurrent, B extends RecurrentBuilder<T, B>> {
    final int inputSize;
    final int hiddenSize;
    int numLayers = 1;
    boolean bias = true;
    boolean biasGiven = false;
    boolean batchFirst = false;
    double dropout = 0;
    boolean bidirectional = false;
    /** h's width when projected (weight_hr), 0 for none: allowed where the cell's step does not read h itself. */
    int projSize = 0;
    DType dtype = DType.defaultType();
    Rng rng = Rng.global();

    RecurrentBuilder(int inputSize, int hiddenSize) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
    }

    /** This builder, as its own type. */
    abstract B self();

    /**
     * Stacked layers, each reading the outputs of the one below.
     *
     * @param n number of layers (PyTorch's num_layers), at least 1
     * @return this builder
     */
    public B numLayers(int n) {
        this.numLayers = n;
        return self();
    }

    /**
     * Whether the layers have bias_ih and bias_hh.
     *
     * @param on false for no biases
     * @return this builder
     */
    public B bias(boolean on) {
        this.bias = on;
        this.biasGiven = true;
        return self();
    }

    /**
     * Whether the layers have bias_ih and bias_hh, once every option is known: the choice given to {@link #bias}, or
     * this kind's default. A kind whose options replace the biases (an LSTM's layer norm) derives it here, in one
     * place, so that no other option's setter changes it.
     */
    boolean effectiveBias() {
        return bias;
    }

    /**
     * Inputs and outputs as [batch, time, features] instead of [time, batch, features].
     *
     * @return this builder
     */
    public B batchFirst() {
        return batchFirst(true);
    }

    /**
     * Sets the layout of inputs and outputs.
     *
     * @param on true for [batch, time, features], false for [time, batch, features]
     * @return this builder
     */
    public B batchFirst(boolean on) {
        this.batchFirst = on;
        return self();
    }

    /**
     * Dropout on the outputs of every layer but the last, while training.
     *
     * @param p the probability of zeroing an element, in [0, 1)
     * @return this builder
     */
    public B dropout(double p) {
        this.dropout = p;
        return self();
    }

    /**
     * Runs every layer in both directions and concatenates the two outputs.
     *
     * @return this builder
     */
    public B bidirectional() {
        return bidirectional(true);
    }

    /**
     * Sets whether every layer runs in both directions.
     *
     * @param on true for a bidirectional layer
     * @return this builder
     */
    public B bidirectional(boolean on) {
        this.bidirectional = on;
        return self();
    }

    /**
     * The element type of the parameters, and so of the inputs the layer accepts.
     *
     * @param type FLOAT32 (the default) or FLOAT64
     * @return this builder
     */
    public B dtype(DType type) {
        this.dtype = type;
        return self();
    }

    /**
     * The generator for initialisation and dropout.
     *
     * @param generator a seeded generator (the global one by default)
     * @return this builder
     */
    public B rng(Rng generator) {
        this.rng = generator;
        return self();
    }

    /** Sets the options every kind shares from a config ({@link Recurrent#config()}), defaults where absent. */
    B common(Config c) {
        numLayers = c.size("num_layers", 1);
        if (c.has("bias")) bias(c.bool("bias", true));
        batchFirst = c.bool("batch_first", false);
        dropout = c.number("dropout", 0);
        bidirectional = c.bool("bidirectional", false);
        projSize = c.integer("proj_size", 0);
        String type = c.string("dtype", DType.defaultType().name());
        try {
            dtype = DType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new dev.gatelab.ArgumentException("config: field 'dtype' must be FLOAT32 or FLOAT64, got '" + type + "'");
        }
        return self();
    }

    /**
     * Checks the options and builds the layer with freshly initialised weights.
     *
     * @return the layer
     * @throws dev.gatelab.ArgumentException naming the option that is out of range
     */
    public abstract T build();
}
