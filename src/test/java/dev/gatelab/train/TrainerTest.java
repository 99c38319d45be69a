package dev.gatelab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.io.Safetensors;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.optim.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    static SequenceModel model(long seed) {
        Rng.manualSeed(seed);
        return SequenceModel.lastStep(LSTM.builder(1, 8).batchFirst().build(), 1);
    }

    static History fit(SequenceModel m, SequenceDataset train, SequenceDataset val) {
        return Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.02)).clipGradNorm(1.0)
                .epochs(6).batchSize(16).seed(3).validation(val).progress(Progress.SILENT).fit(train);
    }

    @Test
    void learnsNoisySineAndRecordsEveryEpoch() {
        SequenceDataset data = Tasks.noisySine(160, 20, 0.05, new Rng(1));
        History h = fit(model(1), data.range(0, 128), data.range(128, 160));
        assertEquals(6, h.epochs());
        assertEquals(List.of("epoch", "train_loss", "val_loss", "lr", "grad_norm", "seconds"), h.columnNames());
        assertTrue(h.last("val_loss") < 0.5 * h.doubleColumn("val_loss").get(0),
                "validation loss should fall: " + h.doubleColumn("val_loss").print());
    }

    @Test
    void sameSeedSameHistoryAndWeights() {
        SequenceDataset data = Tasks.noisySine(64, 10, 0.05, new Rng(2));
        SequenceModel a = model(4), b = model(4);
        History ha = fit(a, data, null), hb = fit(b, data, null);
        assertArrayEquals(ha.doubleColumn("train_loss").asDoubleArray(), hb.doubleColumn("train_loss").asDoubleArray());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).toArray(), b.parameters().get(i).toArray());
        }
    }

    @Test
    void oneAndTwoThreadsGiveTheSameHistoryAndWeights() {
        SequenceDataset data = Tasks.noisySine(64, 12, 0.05, new Rng(9));
        SequenceModel one = model(6), two = model(6);
        History h1 = fit(one, data, data);
        dev.gatelab.kernel.Parallel.setThreads(2);
        History h2;
        try {
            h2 = fit(two, data, data);
        } finally {
            dev.gatelab.kernel.Parallel.setThreads(1);
        }
        assertArrayEquals(h1.doubleColumn("train_loss").asDoubleArray(), h2.doubleColumn("train_loss").asDoubleArray());
        assertArrayEquals(h1.doubleColumn("val_loss").asDoubleArray(), h2.doubleColumn("val_loss").asDoubleArray());
        for (int i = 0; i < one.parameters().size(); i++) {
            assertArrayEquals(one.parameters().get(i).toArray(), two.parameters().get(i).toArray());
        }
    }

    @Test
    void stopsAtTheFirstNonFiniteLossAndKeepsTheLastGoodWeights() {
        SequenceDataset data = Tasks.noisySine(32, 5, 0, new Rng(3));
        data.targets().set(7, Double.NaN); // sample 7's target poisons the loss of whichever batch it lands in
        SequenceModel m = model(5);
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> Trainer.of(m).loss(Losses.mse())
                .optimizer(new SGD(m.parameters(), 0.1)).epochs(1).batchSize(32).progress(Progress.SILENT).fit(data));
        assertTrue(e.getMessage().contains("epoch 1, step 1"), e.getMessage());
        for (Tensor p : m.parameters()) for (double v : p.toArray()) assertTrue(Double.isFinite(v));

        Trainer skipping = Trainer.of(m).loss(Losses.mse()).optimizer(new SGD(m.parameters(), 0.1)).epochs(1)
                .batchSize(8).skipNonFinite().progress(Progress.SILENT);
        skipping.fit(data);
        assertEquals(1, skipping.skippedBatches());
    }

    @Test
    void earlyStoppingAndCheckpoint(@TempDir Path dir) throws Exception {
        SequenceDataset data = Tasks.addingProblem(64, 8, new Rng(6));
        Rng.manualSeed(8);
        SequenceModel m = SequenceModel.lastStep(GRU.builder(2, 6).batchFirst().build(), 1);
        Path file = dir.resolve("best.safetensors");
        History h = Trainer.of(m).loss(Losses.mse()).optimizer(new SGD(m.parameters(), 0.0)).epochs(30).batchSize(8)
                .validation(data).callbacks(new EarlyStopping(1), new Checkpoint(file)).progress(Progress.SILENT).fit(data);
        // With a learning rate of 0 nothing improves after epoch 1: patience 1 stops after epoch 3.
        assertEquals(3, h.epochs());
        var saved = Safetensors.load(file).tensors();
        assertEquals(m.namedParameters().keySet(), saved.keySet());
        // EarlyStopping restored the best epoch, which is also the one the checkpoint holds.
        assertArrayEquals(saved.get("head.weight").toArray(), m.namedParameters().get("head.weight").toArray());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
    }
}
