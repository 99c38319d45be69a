package dev.gatelab.nn;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.Parallel;
import dev.gatelab.optim.Adam;
import dev.gatelab.optim.GradClip;
import dev.gatelab.optim.SGD;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Issue 11's defects in layers, optimizers and threads, each with the probe that found it. */
class TrustTest {
    /** 11.6: threads that each own rows of a gradient must not race to create it. */
    @Test
    void gradientBuffersAreCreatedOnceWhenThreadsRace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 2000; round++) {
                Tensor t = Tensor.zeros(DType.FLOAT64, 8).requiresGrad(true);
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    int row = k;
                    done.add(pool.submit(() -> {
                        go.await();
                        Engine.gradBuffer(t).add(row, 1);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) f.get();
                assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, t.grad().toArray(), "round " + round);
            }
        } finally {
            pool.shutdown();
        }
        // And through a layer: dh0 and dc0 with two kernel threads, the same bits as with one, every time.
        Rng rng = new Rng(4);
        LSTM lstm = LSTM.builder(3, 5).rng(rng).build();
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 6, 24, 3);
        double[][] one = null;
        for (int round = 0; round < 200; round++) {
            int threads = round == 0 ? 1 : 2;
            Parallel.setThreads(threads);
            try {
                Tensor h0 = Tensor.randn(new Rng(1), DType.FLOAT32, 1, 24, 5).requiresGrad(true);
                Tensor c0 = Tensor.randn(new Rng(2), DType.FLOAT32, 1, 24, 5).requiresGrad(true);
                lstm.forward(x, h0, c0).output().sum().backward();
                double[][] got = {h0.grad().toArray(), c0.grad().toArray()};
                if (one == null) one = got;
                else for (int k = 0; k < 2; k++) assertArrayEquals(one[k], got[k], "round " + round);
            } finally {
                Parallel.setThreads(1);
            }
        }
    }

    /** 11.7: backward sees the lengths forward saw, whatever the caller does to the array in between. */
    @Test
    void lengthsAreCopiedForBackward() {
        Rng rng = new Rng(3);
        GRU gru = GRU.builder(2, 3).dtype(DType.FLOAT64).rng(rng).build();
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 5, 2, 2).requiresGrad(true);
        gru.forward(x, new int[] {5, 2}).output().sum().backward();
        double[] expected = x.grad().toArray();
        x.zeroGrad();
        int[] lengths = {5, 2};
        Tensor out = gru.forward(x, lengths).output();
        lengths[1] = 5;
        out.sum().backward();
        assertArrayEquals(expected, x.grad().toArray());
        assertEquals(0.0, x.grad().at(3, 1, 0), "a padded step gets no gradient");
    }

    /** 11.8: predicting does not flip the model's mode, so threads may predict at once with dropout never applied. */
    @Test
    void predictionsFromTwoThreadsNeverApplyDropout() throws Exception {
        Rng.manualSeed(6);
        SequenceModel model = SequenceModel.lastStep(LSTM.builder(2, 8).numLayers(2).dropout(0.5).batchFirst().build(), 1);
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT32, 4, 6, 2);
        model.eval();
        double[] expected = model.forward(x).toArray();
        model.train();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> results = new java.util.ArrayList<>();
            for (int k = 0; k < 200; k++) results.add(pool.submit(() -> model.predict(x).toArray()));
            for (Future<double[]> r : results) assertArrayEquals(expected, r.get());
        } finally {
            pool.shutdown();
        }
        assertTrue(model.isTraining(), "the mode is as it was");
    }

    /** A start value beyond float32 is refused for a float32 layer, not stored as Infinity; float64 holds it. */
    @Test
    void startValuesBeyondFloat32AreRefused() {
        assertRefuses(IllegalArgumentException.class,
                () -> LSTM.builder(2, 3).forgetBias(1e39).build(),
                "the start of block 'f' of bias_ih is 1.0E39, beyond float32's range");
        assertEquals(1e39, LSTM.builder(2, 3).forgetBias(1e39).dtype(DType.FLOAT64).build().namedParameters().get("bias_ih_l0").get(3));
        assertRefuses(IllegalArgumentException.class, () -> LSTM.builder(2, 3).layerNorm()
                .variant(dev.gatelab.cell.LstmVariant.STANDARD.layerNorm().forgetBias(-5e38)).build(), "beyond float32's range");
    }

    /** 11.13: sizes past what a tensor holds name the layer and the argument. */
    @Test
    void hugeSizesNameTheLayerAndArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LSTM.builder(1, 30000).build());
        assertTrue(e.getMessage().startsWith("LSTM(1, 30000): hidden_size 30000"), e.getMessage());
        RNN rnn = RNN.builder(1, 1000).build();
        assertRefuses(IllegalArgumentException.class,
                () -> rnn.forward(Tensor.zeros(2_200_000, 1, 1)), "argument 'input' of shape [2200000, 1, 1]");
    }

    /** 11.17: clipping survives norms past the double range of squares; rates and restored states are checked. */
    @Test
    void clippingAndOptimizerSettingsStayFinite() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        p.setGrad(Tensor.of(DType.FLOAT64, new double[] {1e200, 1e200}, 2));
        double norm = GradClip.byNorm(List.of(p), 1.0);
        assertEquals(Math.sqrt(2) * 1e200, norm, 1e186);
        assertEquals(1.0, Math.hypot(p.grad().get(0), p.grad().get(1)), 1e-6, "clipped to the norm asked for, not zeroed");
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), Double.POSITIVE_INFINITY));
        SGD sgd = new SGD(List.of(p), 0.1);
        assertThrows(IllegalArgumentException.class, () -> sgd.setLr(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> sgd.restoreState(Map.of(), new int[] {-3}));
        assertThrows(IllegalArgumentException.class, () -> sgd.restoreState(
                Map.of("param7.momentum_buffer", Tensor.zeros(DType.FLOAT64, 2)), new int[] {1}));
    }

    /** 11.18: a model's head draws from the layer's generator, not the global one. */
    @Test
    void theHeadDrawsFromTheLayersGenerator() {
        Rng.manualSeed(1);
        SequenceModel a = SequenceModel.lastStep(GRU.builder(2, 4).batchFirst().rng(new Rng(9)).build(), 1);
        Rng.manualSeed(2);
        SequenceModel b = SequenceModel.lastStep(GRU.builder(2, 4).batchFirst().rng(new Rng(9)).build(), 1);
        assertArrayEquals(a.head().weight().toArray(), b.head().weight().toArray());
    }
}
