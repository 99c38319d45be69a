package dev.gatelab.data;

import dev.gatelab.ArgumentException;

/** Min–max scaling to [0, 1] that remembers the range it was fitted on, so predictions can be mapped back. */
public final class Scaler {
    private final double min;
    private final double max;

    private Scaler(double min, double max) {
        this.min = min;
        this.max = max;
    }

    /**
     * Fits on {@code values} (the training part only, so the test part does not leak into the scale).
     *
     * @param values the values it learns the range of (the training span only)
     * @return the scaler
     */
    public static Scaler fit(double[] values) {
        if (values.length == 0) throw new ArgumentException("Scaler.fit: no values");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) throw new ArgumentException("Scaler.fit: value " + v + " is not finite");
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new Scaler(lo, hi == lo ? lo + 1 : hi);
    }

    /**
     * @param v a value in the original units
     * @return it scaled
     */
    public double transform(double v) {
        return (v - min) / (max - min);
    }

    /**
     * @param v a scaled value
     * @return it in the original units
     */
    public double inverse(double v) {
        return min + v * (max - min);
    }

    /**
     * @param values values in the original units
     * @return them scaled
     */
    public double[] transform(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = transform(values[i]);
        return out;
    }

    /**
     * @param values scaled values
     * @return them in the original units
     */
    public double[] inverse(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = inverse(values[i]);
        return out;
    }

    @Override
    public String toString() {
        return "Scaler[min=" + min + ", max=" + max + "]";
    }
}
