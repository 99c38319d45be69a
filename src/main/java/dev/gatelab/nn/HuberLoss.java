package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;

/**
 * Huber's loss, reduced as torch.nn.HuberLoss: ½(prediction − target)² for residuals within δ, δ(|residual| − ½δ)
 * beyond, so that a few large errors (a storm in a weather series) pull less than under the squared error.
 */
public final class HuberLoss implements Loss {
    private final Reduction reduction;
    private final double delta;

    /** PyTorch's defaults: the mean, δ = 1. */
    public HuberLoss() {
        this(Reduction.MEAN, 1.0);
    }

    /**
     * @param reduction MEAN, SUM or NONE
     * @param delta δ, where the loss turns from quadratic to linear, positive and finite
     */
    public HuberLoss(Reduction reduction, double delta) {
        if (!(delta > 0 && Double.isFinite(delta))) {
            throw new ArgumentException("HuberLoss: delta must be positive and finite, got " + delta);
        }
        this.reduction = reduction;
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor prediction, Tensor target) {
        Losses.checkSameShape("HuberLoss", prediction, target);
        return reduction.apply(Ops.huber(prediction.sub(target), delta));
    }
}
