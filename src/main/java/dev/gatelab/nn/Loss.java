package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * What training minimises: a scalar (or, with {@link Reduction#NONE}, per-sample values) from a model's prediction
 * and the batch's targets. {@link MSELoss}, {@link CrossEntropyLoss} and {@link BCEWithLogitsLoss} are losses, and so
 * is any lambda of this shape; {@link Losses} names the common ones.
 */
@FunctionalInterface
public interface Loss {
    /**
     * The loss of one batch.
     *
     * @param prediction the model's output
     * @param target what it should have been: values of the prediction's shape, or class indices
     * @return the loss, with a graph back to {@code prediction}
     */
    Tensor forward(Tensor prediction, Tensor target);
}
