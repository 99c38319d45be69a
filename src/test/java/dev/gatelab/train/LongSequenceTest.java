package dev.gatelab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Rng;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import org.junit.jupiter.api.Test;

/** Backpropagation through 5,000 steps: no stack overflow, finite gradients that reach the first step. */
class LongSequenceTest {
    @Test
    void anLstmTrainsOnFiveThousandStepSequences() {
        SequenceDataset data = Tasks.addingProblem(4, 5000, new Rng(1));
        Rng.manualSeed(2);
        LSTM lstm = LSTM.builder(2, 8).batchFirst().build();
        SequenceModel model = SequenceModel.lastStep(lstm, 1);
        History h = Trainer.of(model).loss(Losses.mse()).optimizer(new Adam(model.parameters(), 0.01)).epochs(2)
                .batchSize(4).progress(Progress.SILENT).fit(data);
        assertEquals(2, h.epochs());
        assertTrue(Double.isFinite(h.last("train_loss")));
        dev.gatelab.data.Batch b = data.all();
        double[] norms = model.traceGradients(b.inputs(), b.targets(), Losses.mse()).gradientNorms();
        assertEquals(5000, norms.length);
        assertTrue(Double.isFinite(norms[0]) && norms[4999] > 0);
    }
}
