package dev.gatelab.cell;

import java.util.Locale;

/**
 * What a cell definition knows about one value a trace records: its name, what it is in the step, the activation
 * that made it, and the range its equations guarantee whatever the inputs and the previous states. Charts and
 * statistics read these, never the name: a gate called "forget" in a user cell is a σ gate because its step says
 * σ, and the linear candidate of an LSTM without input activation is unbounded because nothing bounds it.
 *
 * <pre>{@code
 * TracedValue g = LstmVariant.NIAF.definition().traced("g");   // g: candidate, linear, (-∞, ∞)
 * }</pre>
 *
 * @param name the name the step gave it ("f", "g"), the state's name, or "h"
 * @param role what it is in the step
 * @param activation the squashing function its value leaves through, NONE for sums and products
 * @param min the lowest value its equations allow (−∞ when unbounded)
 * @param max the highest (+∞ when unbounded)
 */
public record TracedValue(String name, Role role, Activation activation, double min, double max) {
    /** What a traced value is in the step. */
    public enum Role {
        /** A named value that leaves through a σ: it multiplies something by a number in [0, 1]. */
        GATE,
        /** Any other named value: a candidate (tanh, linear, ReLU, …). */
        CANDIDATE,
        /** The cell state, carried to the next step. */
        STATE,
        /** The hidden state h, the layer's output. */
        OUTPUT
    }

    /**
     * The function a value leaves through. 1 − σ(x) is σ(−x) and −tanh(x) is tanh(−x), so those count as σ and
     * tanh.
     */
    public enum Activation {
        /** σ(x) = 1 / (1 + e^−x), in [0, 1]. */
        SIGMOID,
        /** tanh(x), in [−1, 1]. */
        TANH,
        /** max(0, x), in [0, ∞). */
        RELU,
        /** Layer normalisation: zero mean and unit variance across units, then a learned scale and shift. */
        LAYER_NORM,
        /** No squashing: a sum, a product or a linear map. */
        NONE
    }

    /** @return whether both ends of the range are finite */
    public boolean bounded() {
        return Double.isFinite(min) && Double.isFinite(max);
    }

    /** @return whether saturation (the fraction of steps below 0.1 and above 0.9) means something: a σ gate */
    public boolean saturates() {
        return role == Role.GATE;
    }

    /** @return the same value after a linear map of unbounded range (a projected h) */
    public TracedValue unbounded() {
        return new TracedValue(name, role, Activation.NONE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** @return e.g. "f (gate, sigmoid, [0, 1])", for titles */
    public String describe() {
        String act = activation == Activation.NONE ? "" : ", " + activation.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return name + " (" + role.name().toLowerCase(Locale.ROOT) + act + ", " + rangeText() + ")";
    }

    /** @return the range as interval text, e.g. "[0, 1]" or "(-∞, ∞)" */
    public String rangeText() {
        return (Double.isFinite(min) ? "[" + number(min) : "(-∞") + ", " + (Double.isFinite(max) ? number(max) + "]" : "∞)");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    @Override
    public String toString() {
        return describe();
    }
}
