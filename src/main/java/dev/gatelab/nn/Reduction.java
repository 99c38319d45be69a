package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/** How a loss folds its per-sample values: their mean (the default), their sum, or none (one value per sample). */
public enum Reduction {
    /** The mean over the elements (or samples). */
    MEAN,
    /** The sum. */
    SUM,
    /** No reduction: one value per element (or sample). */
    NONE;

    Tensor apply(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
