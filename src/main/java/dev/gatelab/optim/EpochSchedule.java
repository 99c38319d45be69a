package dev.gatelab.optim;

/**
 * A schedule that sets the learning rate from the epoch count alone: call {@link #step()} after the epoch's optimizer
 * steps, as in PyTorch (the Trainer does it when given the schedule). A subclass gives the rate for an epoch.
 */
public abstract class EpochSchedule implements LRScheduler {
    /** The optimizer whose rate it sets. */
    protected final Optimizer optimizer;
    /** The learning rate when the schedule was made. */
    protected final double baseLr;
    private int epoch;

    /**
     * A schedule of {@code optimizer}'s rate, starting from its current one.
     *
     * @param optimizer the optimizer whose learning rate it sets
     */
    protected EpochSchedule(Optimizer optimizer) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** Ends an epoch: sets the rate of the next one. */
    public void step() {
        epoch++;
        optimizer.setLr(rate(epoch, optimizer.lr()));
    }

    /**
     * The learning rate for {@code epoch} (counted from 1 after the first step), given the current one.
     *
     * @param epoch the epoch just ended, from 1
     * @param current the rate now
     * @return the rate of the next epoch
     */
    protected abstract double rate(int epoch, double current);

    /** Ends an epoch; the monitored value plays no part in a schedule by epoch. */
    @Override
    public void step(double monitored) {
        step();
    }

    @Override
    public double lr() {
        return optimizer.lr();
    }
}
