package dev.gatelab.bench;

import dev.gatelab.autograd.DType;
import java.util.List;

/**
 * One benchmark workload: a recurrent layer of {@code layers} layers on a batch-first input [batch, steps, input], a
 * Linear head on the last step and the mean squared error; a training step is forward, backward and Adam, an
 * inference step the forward alone without gradients.
 */
record Workload(String name, String cell, int layers, int batch, int steps, int input, int hidden, boolean train,
        DType dtype) {

    static final List<Workload> ALL = List.of(
            new Workload("W1-LSTM", "LSTM", 1, 32, 50, 32, 128, true, DType.FLOAT32),
            new Workload("W1-GRU", "GRU", 1, 32, 50, 32, 128, true, DType.FLOAT32),
            new Workload("W1-RNN", "RNN", 1, 32, 50, 32, 128, true, DType.FLOAT32),
            new Workload("W1-LSTM-inference", "LSTM", 1, 32, 50, 32, 128, false, DType.FLOAT32),
            new Workload("W1-LSTM-float64", "LSTM", 1, 32, 50, 32, 128, true, DType.FLOAT64),
            new Workload("W2-LSTM", "LSTM", 2, 64, 100, 64, 256, true, DType.FLOAT32));

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
     * thumb, which would credit Gatelab with 52 MFLOP a W1 step that nobody computes.
     */
    double flops() {
        double forward = 0, backward = 0;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? input : hidden;
            double perColumn = 2.0 * steps * batch * gates() * hidden; // one multiply-add per gate unit, step and sample
            forward += perColumn * (in + hidden);
            backward += perColumn * (2 * hidden + in + (l == 0 ? 0 : in));
        }
        return train ? forward + backward : forward;
    }
}
