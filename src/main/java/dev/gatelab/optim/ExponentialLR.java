package dev.gatelab.optim;

/** Multiplies the learning rate by {@code gamma} every epoch. */
public final class ExponentialLR extends EpochSchedule {
    private final double gamma;

    /**
     * @param optimizer the optimizer whose rate it sets
     * @param gamma the factor per epoch
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
    }

    @Override
    protected double rate(int epoch, double current) {
        return current * gamma;
    }
}
