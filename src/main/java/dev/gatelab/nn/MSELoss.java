package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/** Mean squared error, (prediction − target)², reduced as torch.nn.MSELoss. */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    /** The mean over every element. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /**
     * @param reduction MEAN, SUM or NONE
     */
    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor prediction, Tensor target) {
        Losses.checkSameShape("MSELoss", prediction, target);
        Tensor diff = prediction.sub(target);
        return reduction.apply(diff.mul(diff));
    }
}
