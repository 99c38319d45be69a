package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/** A model that reads a batch of sequences [batch, time, features], of the given lengths (or null for full length). */
public interface SequenceLayer {
    Tensor forward(Tensor input, int[] lengths);
}
