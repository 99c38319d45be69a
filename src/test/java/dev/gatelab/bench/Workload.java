package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import java.util.List;

/**
 * One benchmark workload: a recurrent layer of {@code layers} layers on a batch-first input [batch, steps, input] and
 * a Linear head, trained with Adam (a training step is forward, backward and the update; an inference step the forward
 * alone without gradients). W1 and W2 regress one number from the last step with the mean squared error. W3 is
 * notebook 04's character model: one-hot characters in ({@code input} of them), a head over the same characters at
 * every step, softmax cross-entropy, the state carried from batch to batch, gradients clipped to norm 5, Adam at 0.005.
 */
record Workload(String name, String cell, int layers, int batch, int steps, int input, int hidden, boolean train,
        DType dtype, boolean charModel) {

    Workload(String name, String cell, int layers, int batch, int steps, int input, int hidden, boolean train, DType dtype) {
        this(name, cell, layers, batch, steps, input, hidden, train, dtype, false);
    }

    static final List<Workload> ALL = List.of(
            new Workload("W1-LSTM", "LSTM", 1, 32, 50, 32, 128, true, DType.FLOAT32),
            new Workload("W1-GRU", "GRU", 1, 32, 50, 32, 128, true, DType.FLOAT32),
            new Workload("W1-RNN", "RNN", 1, 32, 50, 32, 128, true, DType.FLOAT32),
            new Workload("W1-LSTM-inference", "LSTM", 1, 32, 50, 32, 128, false, DType.FLOAT32),
            new Workload("W1-LSTM-float64", "LSTM", 1, 32, 50, 32, 128, true, DType.FLOAT64),
            new Workload("W2-LSTM", "LSTM", 2, 64, 100, 64, 256, true, DType.FLOAT32),
            new Workload("W3-charLM", "LSTM", 1, 64, 100, 65, 256, true, DType.FLOAT32, true));

    /** Weight row blocks of the cell: 4 for the LSTM, 3 for the GRU, 1 for the Elman RNN. */
    int gates() {
        return switch (cell) {
            case "LSTM" -> 4;
            case "GRU" -> 3;
            default -> 1;
        };
    }

    /**
     * FLOPs of the matrix products of one step, those a layer does and no others. Forward: X·W_ihᵀ and h·W_hhᵀ. Backward
     * when training: dz·W_hh, dW_hh and dW_ih, and dX = dz·W_ih for every layer but the first, whose input (the data)
     * needs no gradient. So a training step is 3× the forward less the first layer's dX, not the 3× of the rule of
     * thumb, which would credit Gatelab with 52 MFLOP a W1 step that nobody computes. W3 adds its head at every step
     * (forward, its weight's gradient and the gradient at the hidden states) and counts its one-hot input's products
     * as the peers compute them, dense, though Gatelab gathers and scatters them instead.
     */
    double flops() {
        double forward = 0, backward = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? input : hidden;
            double perColumn = 2.0 * steps * batch * gates() * hidden; // one multiply-add per gate unit, step and sample
            forward += perColumn * (in + hidden);
            backward += perColumn * (2 * hidden + in + (l == 0 ? 0 : in));
        }
        if (charModel) {
            double head = 2.0 * steps * batch * hidden * input;
            forward += head;
            backward += 2 * head;
        }
        return train ? forward + backward : forward;
    }
}
