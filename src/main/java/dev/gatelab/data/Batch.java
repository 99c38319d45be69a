package dev.gatelab.data;

import dev.gatelab.autograd.Tensor;

/**
 * A mini-batch of samples.
 *
 * @param inputs [batch, time, features]
 * @param targets [batch, …], as the loss takes them
 * @param lengths each sample's length, or null when all are full
 */
public record Batch(Tensor inputs, Tensor targets, int[] lengths) {
    /**
     * @return the number of samples
     */
    public int size() {
        return inputs.dim(0);
    }
}
