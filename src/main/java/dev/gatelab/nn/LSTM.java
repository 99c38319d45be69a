package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * Long short-term memory, as torch.nn.LSTM: i = σ(W_ii x + b_ii + W_hi h + b_hi), f = σ(…), g = tanh(…), o = σ(…),
 * c' = f⊙c + i⊙g, h' = o⊙tanh(c'), and with proj_size h' = W_hr·(o⊙tanh(c')). See {@link Recurrent} for shapes.
 */
public final class LSTM extends Recurrent {
    private LSTM(RecurrentBuilder<LSTM> b) {
        super("LSTM", new LstmMath(), b);
    }

    public static RecurrentBuilder<LSTM> builder(int inputSize, int hiddenSize) {
        return new RecurrentBuilder<>(inputSize, hiddenSize, LSTM::new);
    }

    /** Runs from the given h0 and c0 ([num_layers·D, batch, P] and [num_layers·D, batch, H]). */
    public RecurrentOutput forward(Tensor input, Tensor h0, Tensor c0) {
        return forward(input, RecurrentState.of(h0, c0), null);
    }
}
