package dev.gatelab.nn;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A last-step model reads each sample's last real step: the same rows as in the layer's own batch-first output. With
 * one direction it takes them from h_n and the layer keeps no output at all: the same values and gradients.
 */
class SequenceModelTest {
    /** Each sample's row at its last real step, from a batch-first output [batch, steps, width]. */
    private static Tensor lastRows(Tensor out, int[] lengths) {
        int batch = out.dim(0), steps = out.dim(1), width = out.dim(2);
        Tensor[] last = new Tensor[batch];
        for (int b = 0; b < batch; b++) {
            int row = b * steps + lengths[b] - 1;
            last[b] = out.reshape(steps * batch, width).slice(0, row, row + 1);
        }
        return Ops.concat(0, last);
    }

    @Test
    void theLastStepOfEachSampleGoesToTheHead() {
        int steps = 6, batch = 4, input = 3;
        Recurrent lstm = LSTM.builder(input, 5).numLayers(2).bidirectional(true).batchFirst()
                .dtype(DType.FLOAT64).rng(new Rng(7)).build();
        SequenceModel model = SequenceModel.lastStep(lstm, 2);
        Tensor x = Tensor.randn(new Rng(8), DType.FLOAT64, batch, steps, input);
        int[] lengths = {6, 2, 5, 1};
        Tensor expected = model.head().forward(lastRows(lstm.forward(x, lengths).output(), lengths));
        assertArrayEquals(expected.toArray(), model.forward(x, lengths).toArray());
    }

    @Test
    void oneDirectionReadsTheFinalStateWithTheSameValuesAndGradients() {
        int steps = 6, batch = 4, input = 3;
        int[] lengths = {6, 2, 5, 1};
        Recurrent[] layers = {
            LSTM.builder(input, 5).numLayers(2).projSize(3).batchFirst().dtype(DType.FLOAT64).rng(new Rng(7)).build(),
            GRU.builder(input, 5).batchFirst().dtype(DType.FLOAT64).rng(new Rng(9)).build()};
        for (Recurrent layer : layers) {
            SequenceModel model = SequenceModel.lastStep(layer, 2);
            Tensor x = Tensor.randn(new Rng(8), DType.FLOAT64, batch, steps, input);
            Tensor target = Tensor.randn(new Rng(10), DType.FLOAT64, batch, 2);

            model.zeroGrad();
            Tensor prediction = model.forward(x, lengths);
            Losses.mse().forward(prediction, target).backward();
            java.util.List<double[]> grads = model.parameters().stream().map(p -> p.grad().toArray()).toList();

            // The reference: every step's output, then each sample's last row of it.
            model.zeroGrad();
            Tensor expected = model.head().forward(lastRows(layer.forward(x, lengths).output(), lengths));
            Losses.mse().forward(expected, target).backward();

            assertArrayEquals(expected.toArray(), prediction.toArray(), layer.toString());
            for (int i = 0; i < grads.size(); i++) {
                assertArrayEquals(model.parameters().get(i).grad().toArray(), grads.get(i), layer + " parameter " + i);
            }
        }
    }

    /** Each forecast is predict on the window before it, the known values first and the forecasts after them. */
    @Test
    void forecastFeedsEachPredictionBackIntoTheWindow() {
        SequenceModel model = SequenceModel.lastStep(GRU.builder(1, 4).batchFirst().dtype(DType.FLOAT64).rng(new Rng(3)).build(), 1);
        double[] series = {0.1, -0.4, 0.3, 0.8, -0.2, 0.5};
        int window = 3, origin = 5;
        double[] forecast = model.forecast(series, window, origin, 4);
        double[] path = java.util.Arrays.copyOf(series, origin + 4);
        for (int t = origin; t < origin + 4; t++) {
            Tensor x = Tensor.of(DType.FLOAT64, new double[] {path[t - 3], path[t - 2], path[t - 1]}, 1, window, 1);
            path[t] = model.predict(x).get(0);
            org.junit.jupiter.api.Assertions.assertEquals(path[t], forecast[t - origin], 0, "step " + (t - origin));
        }
        assertRefuses(dev.gatelab.ArgumentException.class,
                () -> model.forecast(series, 3, 2, 1), "an origin in [window, 6]");
    }

    /** A temperature whose 1/T overflows float32 is the limit T → 0, the argmax; non-finite logits are refused. */
    @Test
    void aVanishingTemperatureTakesTheArgmaxAndNonFiniteLogitsAreRefused() {
        dev.gatelab.data.CharVocabulary vocab = dev.gatelab.data.CharVocabulary.of("abcdefgh");
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(8, 6).batchFirst().rng(new Rng(4)).build(), 8);
        String greedy = "ab";
        for (int k = 0; k < 6; k++) {
            Tensor out = model.predict(vocab.oneHot(greedy));
            int steps = greedy.length(), best = 0;
            for (int c = 1; c < 8; c++) if (out.get(0, steps - 1, c) > out.get(0, steps - 1, best)) best = c;
            greedy += vocab.charAt(best);
        }
        org.junit.jupiter.api.Assertions.assertEquals(greedy, model.generate(vocab, "ab", 6, 1e-38, new Rng(1)));
        org.junit.jupiter.api.Assertions.assertEquals(greedy, model.generate(vocab, "ab", 6, 1e-45, new Rng(2)));
        model.head().bias().set(3, Double.NaN);
        assertRefuses(dev.gatelab.ArgumentException.class,
                () -> model.generate(vocab,
                "ab", 3, 1.0, new Rng(1)), "the model's logit for 'd' is NaN before generated character 0");
    }
}
