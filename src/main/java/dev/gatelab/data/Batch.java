package dev.gatelab.data;

import dev.gatelab.autograd.Tensor;

/** A mini-batch: inputs [batch, time, features], targets [batch, …], and each sample's length (null when all are full). */
public record Batch(Tensor inputs, Tensor targets, int[] lengths) {
    /**
     * @return the number of samples
     */
    public int size() {
        return inputs.dim(0);
    }
}
