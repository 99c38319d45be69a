package dev.gatelab.nn;


import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.GruEquations;
import dev.gatelab.cell.LstmVariant;
import java.util.Arrays;
import java.util.Map;

/**
 * The kinds of recurrent layer, by the name configs and checkpoints give them: the one place that knows which builder
 * makes which kind, and which options only that kind reads (the options every layer has, proj_size among them, are
 * read by the builders' common part). {@link Modules} reads configs through it, for {@code ModelIO} and the tests.
 */
public enum LayerKind {
    /** {@link LSTM}, with its variant's options. */
    LSTM {
        @Override
        RecurrentBuilder<?, ?> builder(Config c) {
            return dev.gatelab.nn.LSTM.builder(c.size("input_size"), c.size("hidden_size")).variant(variant(c));
        }

        @Override
        CellDefinition cell(Config c) {
            return variant(c).definition();
        }

        private LstmVariant variant(Config c) {
            return LstmVariant.fromConfig(new LstmVariant.Options() {
                @Override
                public boolean bool(String name, boolean fallback) {
                    return c.bool(name, fallback);
                }

                @Override
                public double number(String name) {
                    return c.number(name, Double.NaN);
                }
            });
        }
    },
    /** {@link GRU}. */
    GRU {
        @Override
        RecurrentBuilder<?, ?> builder(Config c) {
            return dev.gatelab.nn.GRU.builder(c.size("input_size"), c.size("hidden_size"));
        }

        @Override
        CellDefinition cell(Config c) {
            return GruEquations.DEFINITION;
        }
    },
    /** {@link RNN}, with its nonlinearity. */
    RNN {
        @Override
        RecurrentBuilder<?, ?> builder(Config c) {
            return dev.gatelab.nn.RNN.builder(c.size("input_size"), c.size("hidden_size"))
                    .nonlinearity(Nonlinearity.fromTorchName(c.string("nonlinearity", "tanh")));
        }

        @Override
        CellDefinition cell(Config c) {
            return Nonlinearity.fromTorchName(c.string("nonlinearity", "tanh")).cell();
        }
    },
    /** {@link dev.gatelab.nn.CellLayer}: a layer of any cell, found by the name in the config's field 'cell'. */
    CellLayer {
        @Override
        RecurrentBuilder<?, ?> builder(Config c) {
            return dev.gatelab.nn.CellLayer.builder(cell(c), c.size("input_size"), c.size("hidden_size"));
        }

        @Override
        CellDefinition cell(Config c) {
            String name = c.string("cell");
            String saved = c.string("cell_fingerprint", null);
            Object carried = c.raw("cell_definition");
            if (carried != null && !(carried instanceof Map<?, ?>)) {
                throw new dev.gatelab.ArgumentException("config: field 'cell_definition' must be an object, got a "
                        + carried.getClass().getSimpleName());
            }
            if (carried != null && saved == null) {
                throw new dev.gatelab.ArgumentException("config: field 'cell_definition' needs 'cell_fingerprint' beside it");
            }
            CellDefinition cell;
            if (CellDefinition.isDefined(name) || carried == null) {
                cell = CellDefinition.named(name);
            } else {
                // A JVM that never built the cell: the checkpoint carries it.
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) carried;
                try {
                    cell = CellDefinition.fromData(data, saved, "config.cell_definition");
                } catch (dev.gatelab.ArgumentException e) {
                    throw e;
                } catch (RuntimeException | StackOverflowError e) {
                    // whatever a crafted definition provokes past the field checks is still a refusal, not a crash
                    throw new dev.gatelab.ArgumentException("config.cell_definition: the cell it describes cannot be built: " + e);
                }
                if (!cell.name().equals(name)) {
                    throw new dev.gatelab.ArgumentException("config: field 'cell_definition' defines '" + cell.name()
                            + "', but field 'cell' names '" + name + "'");
                }
            }
            if (saved != null && !saved.equals(cell.fingerprint())) {
                throw new dev.gatelab.ArgumentException("config: the cell '" + cell.name() + "' defined in this JVM is not"
                        + " the one saved: its fingerprint is " + cell.fingerprint().substring(0, 12) + "…, the saved one "
                        + saved.substring(0, Math.min(12, saved.length())) + "… (blocks, state, parameters or step differ;"
                        + " this one has blocks " + cell.blocks() + "); build the definition the model was saved with");
            }
            return cell;
        }
    };

    /** A builder with the sizes and this kind's own options read from {@code c}. */
    abstract RecurrentBuilder<?, ?> builder(Config c);

    /** @return the cell a layer of this config runs */
    abstract CellDefinition cell(Config c);

    /** PyTorch's names for the layers it has (torch.nn.RNNBase's mode), the kinds here that PyTorch builds alike. */
    public static final java.util.List<String> TORCH_MODES = java.util.List.of("LSTM", "GRU", "RNN_TANH", "RNN_RELU");

    /**
     * A builder of the layer PyTorch's RNNBase(mode, …) makes, with the options a config holds.
     *
     * @param torchMode one of {@link #TORCH_MODES}
     * @param options input_size and hidden_size, and any other field of a layer's config (proj_size, num_layers, …)
     * @return the builder, for options a config does not carry (the generator of the weights)
     * @throws dev.gatelab.ArgumentException for another mode, or an option out of range
     */
    public static RecurrentBuilder<?, ?> builder(String torchMode, Map<String, Object> options) {
        if (!TORCH_MODES.contains(torchMode)) {
            throw new dev.gatelab.ArgumentException("mode must be one of " + TORCH_MODES + ", got '" + torchMode + "'");
        }
        Map<String, Object> config = new java.util.LinkedHashMap<>(options);
        config.put("kind", torchMode.startsWith("RNN_") ? RNN.name() : torchMode);
        if (torchMode.startsWith("RNN_")) config.put("nonlinearity", torchMode.substring(4).toLowerCase(java.util.Locale.ROOT));
        Config c = new Config("config", config);
        RecurrentBuilder<?, ?> b = of(c.string("kind")).builder(c).common(c);
        c.refuseUnknown();
        return b;
    }

    /**
     * The kind a config or checkpoint names.
     *
     * @param name "LSTM", "GRU", "RNN" or "CellLayer"
     * @return the kind
     * @throws dev.gatelab.ArgumentException for any other name
     */
    public static LayerKind of(String name) {
        for (LayerKind k : values()) if (k.name().equals(name)) return k;
        throw new dev.gatelab.ArgumentException("config: field 'kind' must be one of " + Arrays.toString(values())
                + ", got '" + name + "'");
    }
}
