package dev.gatelab.nn;

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
}
