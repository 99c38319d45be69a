package dev.gatelab.optim;

import dev.gatelab.ArgumentException;

/** Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs. */
public final class StepLR extends EpochSchedule {
    private final int stepSize;
    private final double gamma;

    /**
     * @param optimizer the optimizer whose rate it sets
     * @param stepSize epochs between reductions
     * @param gamma the factor of each reduction
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize <= 0) throw new ArgumentException("StepLR: step_size must be positive, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    protected double rate(int epoch, double current) {
        return epoch % stepSize == 0 ? current * gamma : current;
    }
}
