package dev.gatelab.nn;

import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;

/** Mean absolute error, |prediction − target|, reduced as torch.nn.L1Loss: errors in the data's own units. */
public final class L1Loss implements Loss {
    private final Reduction reduction;

    /** The mean over every element. */
    public L1Loss() {
        this(Reduction.MEAN);
    }

    /**
     * @param reduction MEAN, SUM or NONE
     */
    public L1Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor prediction, Tensor target) {
        Losses.checkSameShape("L1Loss", prediction, target);
        return reduction.apply(Ops.abs(prediction.sub(target)));
    }
}
