package dev.gatelab.plot;

import dev.gatelab.autograd.Tensor;
import java.util.Set;

/**
 * The colour range of a gate's values, fixed by what the gate is, so that the same colour means the same value in
 * every chart: σ gates (i, f, o of the LSTM, r, z of the GRU) on [0, 1]; tanh values (g, n, and h when it stays in
 * [−1, 1]) on [−1, 1]; the cell state, and anything unbounded, symmetric around 0.
 */
final class ColourRange {
    private static final Set<String> SIGMOID = Set.of("i", "f", "o", "r", "z");
    private static final Set<String> TANH = Set.of("g", "n");

    private ColourRange() {}

    static boolean isSigmoid(String gate) {
        return SIGMOID.contains(gate);
    }

    /** {min, max} of the colour scale for a gate's values. */
    static double[] of(String gate, Tensor values) {
        if (SIGMOID.contains(gate)) return new double[] {0, 1};
        double largest = 0;
        for (int i = 0; i < values.size(); i++) {
            double v = Math.abs(values.get(i));
            if (Double.isFinite(v)) largest = Math.max(largest, v);
        }
        if (TANH.contains(gate) || (gate.equals("h") && largest <= 1)) return new double[] {-1, 1};
        double r = largest > 0 ? largest : 1;
        return new double[] {-r, r};
    }

    /** A sequential scale for gates that run from shut to open, a diverging one for signed values. */
    static String scale(String gate) {
        return SIGMOID.contains(gate) ? "Viridis" : "RdBu";
    }

    /** The gate's name and what it is, for a title. */
    static String describe(String gate) {
        return switch (gate) {
            case "i" -> "input gate i";
            case "f" -> "forget gate f";
            case "g" -> "candidate g";
            case "o" -> "output gate o";
            case "c" -> "cell state c";
            case "h" -> "hidden state h";
            case "r" -> "reset gate r";
            case "z" -> "update gate z";
            case "n" -> "candidate n";
            default -> gate;
        };
    }
}
