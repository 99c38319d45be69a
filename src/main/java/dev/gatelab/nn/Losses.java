package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Shapes;
import dev.gatelab.autograd.Tensor;
import java.util.Arrays;

/** The losses a notebook uses most, with PyTorch's defaults (mean over the batch). */
public final class Losses {
    private Losses() {}

    /** @return mean squared error, for regression */
    public static MSELoss mse() {
        return new MSELoss();
    }

    /** @return mean absolute error, for regression in the data's units (PyTorch's L1Loss) */
    public static L1Loss l1() {
        return new L1Loss();
    }

    /**
     * @param delta where the loss turns from quadratic to linear (PyTorch's default is 1)
     * @return Huber's loss, for regression that large errors should pull less
     */
    public static HuberLoss huber(double delta) {
        return new HuberLoss(Reduction.MEAN, delta);
    }

    /** @return binary cross-entropy on logits, for yes/no targets */
    public static BCEWithLogitsLoss bceWithLogits() {
        return new BCEWithLogitsLoss();
    }

    /**
     * @return cross-entropy on logits [batch, classes] with class indices [batch], or on [batch, time, classes] with
     *     [batch, time] (every step classified, as in a language model)
     */
    public static CrossEntropyLoss crossEntropy() {
        return new CrossEntropyLoss();
    }

    /** The element-wise losses compare a prediction with a target of the same shape, as PyTorch's do. */
    static void checkSameShape(String loss, Tensor prediction, Tensor target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new ArgumentException(loss + ": argument 'target' must have the prediction's shape "
                    + Shapes.text(prediction.shape()) + ", got " + Shapes.text(target.shape()));
        }
    }
}
