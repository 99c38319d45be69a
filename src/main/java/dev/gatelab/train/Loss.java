package dev.gatelab.train;

import dev.gatelab.autograd.Tensor;

/** What the trainer minimises: a scalar from the model's prediction and the batch's targets. */
@FunctionalInterface
public interface Loss {
    Tensor compute(Tensor prediction, Tensor target);
}
