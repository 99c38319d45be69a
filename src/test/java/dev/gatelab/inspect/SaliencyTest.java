package dev.gatelab.inspect;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import org.junit.jupiter.api.Test;

/** Saliency is the input gradient of the fused layers: checked against central differences and by completeness. */
class SaliencyTest {
    private static double output(SequenceModel model, Tensor x, int step, int k) {
        return model.predict(x).at(0, step, k);
    }

    @Test
    void gradientTimesInputMatchesCentralDifferences() {
        Rng rng = new Rng(1);
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(3, 6).numLayers(2).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 4);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, 7, 3);
        Saliency s = Saliency.ofOutput(model, x, 5, 2);
        double[] gx = s.gradientTimesInput(), norms = s.gradientNorms();
        double eps = 1e-6;
        for (int t = 0; t < 7; t++) {
            double expected = 0, sq = 0;
            for (int f = 0; f < 3; f++) {
                Tensor up = x.copy(), down = x.copy();
                up.set(t * 3 + f, x.get(t * 3 + f) + eps);
                down.set(t * 3 + f, x.get(t * 3 + f) - eps);
                double d = (output(model, up, 5, 2) - output(model, down, 5, 2)) / (2 * eps);
                expected += d * x.get(t * 3 + f);
                sq += d * d;
            }
            assertEquals(expected, gx[t], 1e-8, "step " + t);
            assertEquals(Math.sqrt(sq), norms[t], 1e-8, "step " + t);
        }
        // Steps after the explained one cannot matter to it.
        assertEquals(0, norms[6], 0);
        assertEquals("output 2 at step 5", s.objective());
    }

    @Test
    void integratedGradientsAddUpToTheChangeFromTheZeroInput() {
        Rng rng = new Rng(2);
        SequenceModel model = SequenceModel.lastStep(GRU.builder(2, 5).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, 6, 2);
        Saliency s = Saliency.ofOutput(model, x, 1);
        double coarse = Math.abs(s.completenessGap(4)), fine = Math.abs(s.completenessGap(200));
        assertTrue(fine < 1e-4, "200 points: gap " + fine);
        assertTrue(fine < coarse, "more points close the gap: " + coarse + " -> " + fine);
    }

    @Test
    void integratedGradientsOfTheLossAddUpToo() {
        // The points of the path run as the samples of a batch; the loss of the batch must be the sum of the points'.
        Rng rng = new Rng(5);
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(3, 4).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, 5, 3), y = Tensor.of(new double[][] {{0, 1, 2, 1, 0}});
        Saliency s = Saliency.ofLoss(model, x, y, Losses.crossEntropy());
        double gap = Math.abs(s.completenessGap(201));
        assertTrue(gap < 1e-4, "201 points, in passes of 32 and a last of 9: gap " + gap);
    }

    @Test
    void theLossCanBeExplainedAndTheParametersKeepTheirGradients() {
        Rng rng = new Rng(3);
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(3, 4).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 1, 5, 3), y = Tensor.of(new double[][] {{0, 1, 2, 1, 0}});
        double[] g = Saliency.ofLoss(model, x, y, Losses.crossEntropy()).gradientNorms();
        assertEquals(5, g.length);
        assertTrue(g[0] > 0);
        model.parameters().forEach(p -> assertEquals(null, p.grad(), "no gradient is left on the parameters"));
    }

    @Test
    void badRequestsAreNamed() {
        Rng rng = new Rng(4);
        SequenceModel every = SequenceModel.everyStep(LSTM.builder(3, 4).batchFirst().rng(rng).build(), 3);
        Tensor x = Tensor.randn(rng, DType.FLOAT32, 1, 5, 3);
        assertMessage(() -> Saliency.ofOutput(every, x, 5, 0), "step 5 is outside the sequence [0, 5)");
        assertMessage(() -> Saliency.ofOutput(every, x, 0, 3), "output 3 is outside [0, 3)");
        assertMessage(() -> Saliency.ofOutput(every, Tensor.randn(rng, DType.FLOAT32, 2, 5, 3), 0, 0), "one sample [1, steps, features]");
        assertMessage(() -> Saliency.ofOutput(every, x, 0), "name the step");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        assertRefuses(ArgumentException.class, call, part);
    }
}
