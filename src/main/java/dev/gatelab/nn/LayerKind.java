package dev.gatelab.nn;

import java.util.Arrays;

/**
 * The kinds of recurrent layer, by the name configs and checkpoints give them: the one place that knows which builder
 * makes which kind, and which options only that kind reads. {@link Recurrent#fromConfig}, {@code ModelIO} and the
 * tests all go through it.
 */
public enum LayerKind {
    /** {@link LSTM}, with proj_size. */
    LSTM {
        @Override
        RecurrentBuilder<?, ?> builder(Config c) {
            return dev.gatelab.nn.LSTM.builder(c.size("input_size"), c.size("hidden_size"))
                    .projSize(c.integer("proj_size", 0));
        }

        @Override
        int gates() {
            return new LstmMath().gates();
        }
    },
    /** {@link GRU}. */
    GRU {
        @Override
        RecurrentBuilder<?, ?> builder(Config c) {
            return dev.gatelab.nn.GRU.builder(c.size("input_size"), c.size("hidden_size"));
        }

        @Override
        int gates() {
            return new GruMath().gates();
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
        int gates() {
            return new RnnMath(false).gates();
        }
    };

    /** A builder with the sizes and this kind's own options read from {@code c}. */
    abstract RecurrentBuilder<?, ?> builder(Config c);

    /** @return the gate blocks stacked in the weight rows, as the kind's cell defines them */
    abstract int gates();

    /**
     * The kind a config or checkpoint names.
     *
     * @param name "LSTM", "GRU" or "RNN"
     * @return the kind
     * @throws dev.gatelab.ArgumentException for any other name
     */
    public static LayerKind of(String name) {
        for (LayerKind k : values()) if (k.name().equals(name)) return k;
        throw new dev.gatelab.ArgumentException("config: field 'kind' must be one of " + Arrays.toString(values())
                + ", got '" + name + "'");
    }
}
