package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import java.util.Arrays;

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
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new ArgumentException("MSELoss: argument 'target' must have the prediction's shape "
                    + Shapes.text(prediction.shape()) + ", got " + Shapes.text(target.shape()));
        }
        Tensor diff = prediction.sub(target);
        return reduction.apply(diff.mul(diff));
    }
}
