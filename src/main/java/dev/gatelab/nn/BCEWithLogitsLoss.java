package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import java.util.Arrays;

/**
 * Binary cross-entropy on logits, as torch.nn.BCEWithLogitsLoss: softplus(x) − x·y, which is −[y·log σ(x) + (1−y)·log
 * (1−σ(x))] without the overflow of computing σ first.
 */
public final class BCEWithLogitsLoss implements Loss {
    private final Reduction reduction;

    /** The loss averaged over every element. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    /**
     * @param reduction MEAN, SUM or NONE
     */
    public BCEWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Tensor forward(Tensor logits, Tensor target) {
        if (!Arrays.equals(logits.shape(), target.shape())) {
            throw new ArgumentException("BCEWithLogitsLoss: argument 'target' must have the logits' shape "
                    + Shapes.text(logits.shape()) + ", got " + Shapes.text(target.shape()));
        }
        return reduction.apply(Ops.softplus(logits).sub(logits.mul(target)));
    }
}
