package dev.gatelab.plot;

import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.TracedValue;

/**
 * The colour range of a traced value, fixed by the range its cell's equations allow, so that the same colour means
 * the same value in every chart: a σ gate on [0, 1], tanh on [−1, 1], a ReLU from 0 to its largest value, and an
 * unbounded value (a cell state, a linear candidate, a projected h) symmetric around 0 out to its largest |value|.
 */
final class ColourRange {
    private ColourRange() {}

    /** {min, max} of the colour scale for a value's recorded numbers. */
    static double[] of(TracedValue value, Tensor values) {
        if (value.bounded()) return new double[] {value.min(), value.max()};
        double largest = 0;
        for (int i = 0; i < values.size(); i++) {
            double v = Math.abs(values.get(i));
            if (Double.isFinite(v)) largest = Math.max(largest, v);
        }
        double r = largest > 0 ? largest : 1;
        if (value.min() >= 0) return new double[] {value.min(), Math.max(value.min() + r, r)};
        if (value.max() <= 0) return new double[] {Math.min(value.max() - r, -r), value.max()};
        return new double[] {-r, r};
    }

    /** A sequential scale for values that never go below 0 (gates from shut to open), a diverging one for signed. */
    static String scale(TracedValue value) {
        return value.min() >= 0 ? "Viridis" : "RdBu";
    }
}
