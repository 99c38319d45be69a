package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/** A module with one tensor in and one tensor out, which is what {@link Sequential} chains. */
public interface Layer {
    /**
     * @param input the input
     * @return the output
     */
    Tensor forward(Tensor input);
}
