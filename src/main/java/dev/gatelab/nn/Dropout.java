package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** Zeroes elements with probability p while training, scaling the rest by 1/(1−p); the identity in eval mode. */
public final class Dropout extends Module implements Layer {
    private final double p;
    private final Rng rng;

    /**
     * @param p the probability of zeroing an element, in [0, 1)
     */
    public Dropout(double p) {
        this(p, Rng.global().fork());
    }

    /**
     * @param p the probability of zeroing an element, in [0, 1)
     * @param rng the generator of the masks
     */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) throw new ArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        return isTraining() ? Ops.dropout(input, p, rng) : input;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
