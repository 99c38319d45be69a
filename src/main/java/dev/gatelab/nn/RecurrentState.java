package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * Initial or final states of a recurrent layer: h [layers·directions, batch, proj or hidden] and c, the cell's states
 * besides h side by side, [layers·directions, batch, states·hidden] (the LSTM's c alone; null for the GRU and RNN).
 *
 * @param h the hidden state
 * @param c the cell's other states side by side, or null
 */
public record RecurrentState(Tensor h, Tensor c) {
    /**
     * @param h the hidden state
     * @return a state without a cell state (GRU, RNN)
     */
    public static RecurrentState of(Tensor h) {
        return new RecurrentState(h, null);
    }

    /**
     * @param h the hidden state
     * @param c the cell state
     * @return an LSTM's state
     */
    public static RecurrentState of(Tensor h, Tensor c) {
        return new RecurrentState(h, c);
    }

    /** @return the same values cut from the graph: a backward through a later use stops here */
    public RecurrentState detached() {
        return new RecurrentState(h == null ? null : h.detach(), c == null ? null : c.detach());
    }
}
