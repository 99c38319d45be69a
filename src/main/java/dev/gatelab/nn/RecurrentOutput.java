package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * What a recurrent layer returns, as PyTorch does: {@code output} holds the last layer's h at every step ([batch,
 * time, directions·size] with batch_first, else [time, batch, …]; zero past each sample's length), {@code hN} and
 * {@code cN} the final states of every layer and direction ([layers·directions, batch, …]); cN is null but for the
 * LSTM.
 *
 * @param output the last layer's h at every step
 * @param hN the final h of every layer and direction
 * @param cN the final c of every layer and direction, or null but for the LSTM
 */
public record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
    /**
     * @return hN and cN, to start another forward from
     */
    public RecurrentState state() {
        return new RecurrentState(hN, cN);
    }
}
