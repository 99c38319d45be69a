package dev.gatelab.optim;

import dev.gatelab.ArgumentException;

/**
 * Multiplies the learning rate by {@code factor} when a watched metric has not improved by a relative
 * {@code threshold} for more than {@code patience} epochs (improved: fallen, or with {@link #maximize()} risen, as
 * PyTorch's mode 'min' and 'max'); then waits {@code cooldown} epochs before counting again,
 * and never goes below {@code minLr}. PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0.
 */
public final class ReduceLROnPlateau implements LRScheduler {
    private final Optimizer optimizer;
    private double factor = 0.1, threshold = 1e-4, minLr = 0;
    private int patience = 10, cooldown = 0;
    private boolean maximize;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs, cooldownLeft;

    /**
     * A plateau schedule with PyTorch's defaults.
     *
     * @param optimizer the optimizer whose rate it sets
     */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /**
     * @param f the factor of a reduction, in (0, 1)
     * @return this schedule
     */
    public ReduceLROnPlateau factor(double f) {
        if (!(f > 0 && f < 1)) throw new ArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + f);
        this.factor = f;
        return this;
    }

    /**
     * @param epochs epochs without improvement before a reduction
     * @return this schedule
     */
    public ReduceLROnPlateau patience(int epochs) {
        this.patience = epochs;
        return this;
    }

    /**
     * @param relative the relative improvement that counts
     * @return this schedule
     */
    public ReduceLROnPlateau threshold(double relative) {
        this.threshold = relative;
        return this;
    }

    /**
     * @param epochs epochs to wait after a reduction before counting again
     * @return this schedule
     */
    public ReduceLROnPlateau cooldown(int epochs) {
        this.cooldown = epochs;
        return this;
    }

    /**
     * @param lr the lowest rate
     * @return this schedule
     */
    public ReduceLROnPlateau minLr(double lr) {
        this.minLr = lr;
        return this;
    }

    /**
     * Waits for the metric to rise rather than fall (an accuracy), as PyTorch's mode='max'.
     *
     * @return this schedule
     */
    public ReduceLROnPlateau maximize() {
        this.maximize = true;
        this.best = Double.NEGATIVE_INFINITY;
        return this;
    }

    /** @return whether it waits for the metric to rise ({@link #maximize()}) rather than fall */
    public boolean maximizes() {
        return maximize;
    }

    /** Reports the epoch's metric (validation loss, say). */
    @Override
    public void step(double metric) {
        if (maximize ? metric > best * (1 + threshold) : metric < best * (1 - threshold)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double old = optimizer.lr();
            double reduced = Math.max(old * factor, minLr);
            if (old - reduced > 1e-8) optimizer.setLr(reduced);
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    @Override
    public double lr() {
        return optimizer.lr();
    }
}
