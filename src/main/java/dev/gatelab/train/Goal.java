package dev.gatelab.train;

/**
 * Which way a watched number improves: a loss or an error goes down, an accuracy goes up. The Trainer asks the
 * {@link Metric} behind a monitored column ({@link Trainer#monitor}) rather than guessing from the column's name, and
 * early stopping and checkpoints compare through {@link #improves}.
 */
public enum Goal {
    /** Smaller is better: losses, errors. */
    MINIMIZE,
    /** Larger is better: accuracies, agreement. */
    MAXIMIZE;

    /**
     * Whether {@code value} is better than {@code best}. NaN never improves, and anything finite improves on the
     * starting point {@link #worst()}.
     *
     * @param value the new value
     * @param best the best so far
     * @return true when value is strictly better
     */
    public boolean improves(double value, double best) {
        return this == MINIMIZE ? value < best : value > best;
    }

    /** @return the value anything improves on: +∞ to minimise, −∞ to maximise */
    public double worst() {
        return this == MINIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
}
