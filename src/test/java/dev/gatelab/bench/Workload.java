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

    /** FLOPs of the matrix products of one step: forward, and twice that again for backward when training. */
    double flops() {
        double forward = 0;
        for (int l = 0; l < layers; l++) forward += 2.0 * steps * batch * gates() * hidden * ((l == 0 ? input : hidden) + hidden);
        return train ? 3 * forward : forward;
    }
}
