package dev.gatelab.nn;

import dev.gatelab.cell.CellDefinition;
import java.util.Map;
import java.util.Objects;

/**
 * A recurrent layer of any cell: a {@link CellDefinition} written in a notebook or a new built-in, run by the same
 * machinery as {@link LSTM} (stacked layers, both directions, batch_first, lengths, dropout, traces, checkpoints) and
 * the same compiled kernels. See {@link Recurrent} for shapes; the config names the cell in its field 'cell' and pins
 * its equations in 'cell_fingerprint' ({@link CellDefinition#fingerprint()}), and carries the definition itself in
 * 'cell_definition' ({@link CellDefinition#toData()}): a checkpoint loads in a JVM that never built the cell, and where
 * one of that name is built with other equations, it is refused.
 *
 * <pre>{@code
 * CellLayer layer = CellLayer.builder(coupled, 8, 64).numLayers(2).build();
 * }</pre>
 */
public final class CellLayer extends Recurrent {
    private CellLayer(Builder b) {
        super(b.cell, b);
    }

    /**
     * Starts the options of a layer of {@code cell}.
     *
     * @param cell the cell every step runs
     * @param inputSize features of each step of the input
     * @param hiddenSize units of each layer
     * @return a builder with PyTorch's defaults
     */
    public static Builder builder(CellDefinition cell, int inputSize, int hiddenSize) {
        return new Builder(Objects.requireNonNull(cell, "CellLayer: cell must not be null"), inputSize, hiddenSize);
    }

    @Override
    public String kind() {
        return "CellLayer";
    }

    @Override
    void describe(Map<String, Object> config) {
        config.put("cell", cell().name());
    }

    /** @return the layer's config, with the cell's equations pinned in 'cell_fingerprint' and carried in 'cell_definition' */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cell_fingerprint", cell().fingerprint());
        c.put("cell_definition", cell().toData());      // so that it loads where the cell's code is absent
        return c;
    }

    /** The options of a cell's layer: those of every recurrent layer, and proj_size where the cell allows it. */
    public static final class Builder extends RecurrentBuilder<CellLayer, Builder> {
        private final CellDefinition cell;

        private Builder(CellDefinition cell, int inputSize, int hiddenSize) {
            super(inputSize, hiddenSize);
            this.cell = cell;
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Projects each hidden state to this size with weight_hr, as PyTorch's proj_size for the LSTM: possible for a
         * cell whose step reads h_{t−1} only through W_hh ({@link CellDefinition#readsHidden()} false); build()
         * refuses it for any other.
         *
         * @param size 0 for no projection (the default), else in [1, hidden_size)
         * @return this builder
         */
        public Builder projSize(int size) {
            this.projSize = size;
            return this;
        }

        @Override
        public CellLayer build() {
            return new CellLayer(this);
        }
    }
}
