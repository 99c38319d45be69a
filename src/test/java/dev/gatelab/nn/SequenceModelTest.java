package dev.gatelab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** A last-step model reads each sample's last real step: the same rows as in the layer's own batch-first output. */
class SequenceModelTest {
    @Test
    void theLastStepOfEachSampleGoesToTheHead() {
        int steps = 6, batch = 4, input = 3;
        Recurrent lstm = LSTM.builder(input, 5).numLayers(2).bidirectional(true).batchFirst()
                .dtype(DType.FLOAT64).rng(new Rng(7)).build();
        SequenceModel model = SequenceModel.lastStep(lstm, 2);
        Tensor x = Tensor.randn(new Rng(8), DType.FLOAT64, batch, steps, input);
        int[] lengths = {6, 2, 5, 1};
        Tensor out = lstm.forward(x, lengths).output(); // [batch, steps, 10]
        int width = out.dim(2);
        Tensor[] last = new Tensor[batch];
        for (int b = 0; b < batch; b++) {
            int row = b * steps + lengths[b] - 1;
            last[b] = out.reshape(steps * batch, width).slice(0, row, row + 1);
        }
        Tensor expected = model.head().forward(Ops.concat(0, last));
        assertArrayEquals(expected.toArray(), model.forward(x, lengths).toArray());
    }
}
