package dev.gatelab.optim;

/**
 * Changes an optimizer's learning rate once per epoch: call {@link #step()} after the epoch's optimizer steps, as in
 * PyTorch. A subclass gives the rate for an epoch from the base rate.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final double baseLr;
    private int epoch;

    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    public void step() {
        epoch++;
        optimizer.setLr(rate(epoch, optimizer.lr()));
    }

    /** The learning rate for {@code epoch} (counted from 1 after the first step), given the current one. */
    protected abstract double rate(int epoch, double current);

    public double lr() {
        return optimizer.lr();
    }
}
