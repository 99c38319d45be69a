package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With more threads the batch's rows run their recurrence in blocks side by side; outputs, final states and every
 * gradient must still be the same bits as on one thread. Batches of 13 and 24 rows make blocks of 8 + 5 and 8 + 8 + 8,
 * and padded lengths, both directions, two layers and initial states all take part.
 */
class ThreadCountTest {
    private record Run(List<double[]> values) {}

    private static Run run(String mode, DType dtype, int batch, int threads) {
        Parallel.setThreads(threads);
        try {
            int input = 5, hidden = 7, steps = 6, layers = 2;
            RecurrentBuilder<?, ?> b = LayerKind.builder(mode, Map.of("input_size", input, "hidden_size", hidden));
            Recurrent layer = b.numLayers(layers).bidirectional(true).dtype(dtype).rng(new Rng(1)).build();
            Rng r = new Rng(2);
            Tensor x = Tensor.randn(r, dtype, steps, batch, input).requiresGrad(true);
            Tensor h0 = Tensor.randn(r, dtype, 2 * layers, batch, hidden).requiresGrad(true);
            Tensor c0 = mode.equals("LSTM") ? Tensor.randn(r, dtype, 2 * layers, batch, hidden).requiresGrad(true) : null;
            int[] lengths = new int[batch];
            for (int i = 0; i < batch; i++) lengths[i] = 1 + r.nextInt(steps);
            RecurrentOutput out = layer.forward(x, RecurrentState.of(h0, c0), lengths);
            Tensor loss = Ops.sum(out.output().mul(Tensor.uniform(r, dtype, 0.5, 1.5, out.output().shape())))
                    .add(Ops.sum(out.hN().mul(out.hN())));
            if (out.cN() != null) loss = loss.add(Ops.sum(out.cN().mul(out.cN())));
            loss.backward();
            List<double[]> values = new ArrayList<>(List.of(out.output().toArray(), out.hN().toArray(), x.grad().toArray(),
                    h0.grad().toArray()));
            if (c0 != null) values.addAll(List.of(out.cN().toArray(), c0.grad().toArray()));
            for (Tensor p : layer.parameters()) values.add(p.grad().toArray());
            return new Run(values);
        } finally {
            Parallel.setThreads(1);
        }
    }

    @ParameterizedTest(name = "{0} {1} batch {2} on {3} threads")
    @CsvSource({"LSTM, FLOAT32, 13, 2", "LSTM, FLOAT32, 24, 3", "GRU, FLOAT32, 13, 2", "GRU, FLOAT32, 24, 3",
            "RNN_TANH, FLOAT32, 24, 3", "RNN_RELU, FLOAT32, 13, 2", "LSTM, FLOAT64, 24, 3", "GRU, FLOAT64, 13, 2"})
    void moreThreadsGiveTheSameBits(String mode, DType dtype, int batch, int threads) {
        Run one = run(mode, dtype, batch, 1), many = run(mode, dtype, batch, threads);
        for (int i = 0; i < one.values().size(); i++) {
            assertArrayEquals(one.values().get(i), many.values().get(i), mode + " value " + i);
        }
    }
}
