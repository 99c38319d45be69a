package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/** Initial or final states: h [layers·directions, batch, proj or hidden] and, for the LSTM, c [.., batch, hidden]. */
public record RecurrentState(Tensor h, Tensor c) {
    public static RecurrentState of(Tensor h) {
        return new RecurrentState(h, null);
    }

    public static RecurrentState of(Tensor h, Tensor c) {
        return new RecurrentState(h, c);
    }
}
