package dev.gatelab.train;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.io.Checkpoint;
import dev.gatelab.io.ModelIO;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.optim.ReduceLROnPlateau;
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
        assertRefuses(NonFiniteException.class, () -> Trainer.of(m).loss(Losses.mse())
                .optimizer(new SGD(m.parameters(), 0.1)).epochs(1).batchSize(32).progress(Progress.SILENT).fit(data), "epoch 1, step 1");
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
        // With a learning rate of 0 nothing improves after epoch 1: patience 1 stops after epoch 2, as Keras's does.
        assertEquals(2, h.epochs());
        // The checkpoint is a ModelIO file: the model, its optimizer and the History up to the best epoch.
        ModelIO.Saved<SequenceModel> saved = ModelIO.load(file, SequenceModel.class);
        assertEquals(1, saved.history().epochs());
        assertEquals(m.parameters().size(), saved.optimizerSteps().length);
        // EarlyStopping restored the best epoch, which is also the one the checkpoint holds, and says so.
        assertArrayEquals(saved.model().head().weight().toArray(), m.head().weight().toArray());
        assertEquals(1, h.notes().size());
        assertTrue(h.notes().get(0).contains("did not improve for 1 epoch, so training stopped after epoch 2")
                && h.notes().get(0).contains("weights of epoch 1"),
                h.notes().get(0));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
        // The History's name and notes travel with it.
        Path whole = dir.resolve("whole.safetensors");
        ModelIO.save(whole, m, null, h);
        History back = ModelIO.load(whole, SequenceModel.class).history();
        assertEquals(h.name(), back.name());
        assertEquals(h.notes(), back.notes());
    }

    /** An update that overflows is undone, weights and optimizer moments alike, and the message says so. */
    @Test
    void anUpdateThatWouldOverflowIsNotWritten() {
        SequenceDataset data = Tasks.noisySine(32, 5, 0.05, new Rng(3));
        for (double lr : new double[] {1e40, 1e39}) {
            SequenceModel m = model(5);
            var opt = lr == 1e40 ? new SGD(m.parameters(), lr) : new Adam(m.parameters(), lr);
            Trainer.of(m).loss(Losses.mse()).optimizer(new SGD(m.parameters(), 0.01)).epochs(1).batchSize(8)
                    .progress(Progress.SILENT).fit(data); // a few good steps first
            double[][] before = m.parameters().stream().map(Tensor::toArray).toArray(double[][]::new);
            assertRefuses(NonFiniteException.class, () -> Trainer.of(m).loss(Losses.mse())
                    .optimizer(opt).epochs(1).batchSize(32).progress(Progress.SILENT).fit(data), "made", "non-finite");
            for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], m.parameters().get(i).toArray());
            assertEquals(null, opt.firstNonFiniteState());
            assertArrayEquals(new int[m.parameters().size()], opt.stepCounts(), "the step count is put back too");

            Trainer skipping = Trainer.of(m).loss(Losses.mse()).optimizer(opt).epochs(1).batchSize(8).skipNonFinite()
                    .progress(Progress.SILENT);
            History h = skipping.fit(data);
            assertEquals(4, skipping.skippedBatches());
            for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], m.parameters().get(i).toArray());
            assertTrue(h.notes().get(0).contains("skipped 4 batches"), h.notes().toString());
        }
    }

    /** The notebook's stop button interrupts the thread: the fit ends at the next step with what it had. */
    @Test
    void anInterruptedFitKeepsItsHistoryAndWholeWeights() {
        SequenceDataset data = Tasks.noisySine(64, 5, 0.05, new Rng(4));
        SequenceModel m = model(7);
        Callback interruptAfterTwo = new Callback() {
            @Override
            public void onEpochEnd(Trainer trainer, History history) {
                if (history.epochs() == 2) Thread.currentThread().interrupt();
            }
        };
        History h;
        try {
            h = Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(10).batchSize(16)
                    .callbacks(interruptAfterTwo).progress(Progress.SILENT).fit(data);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left set for the caller, and cleared here");
        }
        assertEquals(2, h.epochs());
        assertTrue(h.notes().get(0).contains("interrupted in epoch 3 before step 1"), h.notes().toString());
        assertEquals(h, Trainer.lastHistory());
        for (Tensor p : m.parameters()) for (double v : p.toArray()) assertTrue(Double.isFinite(v));
    }

    /** Truncated BPTT: consecutive batches continue each other's streams, with the state carried and detached. */
    @Test
    void carryingTheStateIsTheSameAsOneLongForward() {
        dev.gatelab.data.CharVocabulary vocab = dev.gatelab.data.CharVocabulary.of("abcdefgh");
        String text = "abcdefghhgfedcbaabcdefghhgfedcba";
        SequenceDataset streams = vocab.streams(text, 2, 5);
        assertEquals(6, streams.size(), "3 chunks of 2 streams");
        Rng.manualSeed(3);
        SequenceModel m = SequenceModel.everyStep(LSTM.builder(8, 4).batchFirst().build(), 8);
        // Run chunk by chunk with the state carried: stream 1's outputs equal one forward over its whole stretch.
        SequenceModel.Step s = null;
        Tensor last = null;
        for (int k = 0; k < 3; k++) {
            var b = streams.range(2 * k, 2 * k + 2).all();
            s = m.step(b.inputs(), s == null ? null : s.state());
            last = s.output();
        }
        Tensor whole = m.predict(vocab.oneHot(text.substring(15, 30)));
        for (int j = 0; j < 8; j++) assertEquals(whole.get(0, 14, j), last.get(1, 4, j), 1e-5);
        History h = Trainer.of(m).loss(Losses.crossEntropy()).optimizer(new Adam(m.parameters(), 0.01)).epochs(3)
                .batchSize(2).carryState().progress(Progress.SILENT).fit(streams);
        assertTrue(h.last("train_loss") < h.doubleColumn("train_loss").get(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.crossEntropy())
                .optimizer(new Adam(m.parameters(), 0.01)).batchSize(4).carryState().fit(streams));
        // Padding would feed the next chunk a state made from padding: refused by name, before any step.
        int[] lengths = {5, 5, 5, 3, 5, 5};
        SequenceDataset padded = SequenceDataset.of(streams.inputs(), streams.targets(), lengths);
        double[] before = m.parameters().get(0).toArray();
        assertRefuses(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.crossEntropy())
                .optimizer(new Adam(m.parameters(), 0.01)).batchSize(2).carryState().progress(Progress.SILENT).fit(padded), "sample 3 has length 3 of 5 steps");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, m.parameters().get(0).toArray(), "no step was taken");
        Trainer.of(m).loss(Losses.crossEntropy()).optimizer(new Adam(m.parameters(), 0.01)).epochs(1).batchSize(2)
                .carryState().progress(Progress.SILENT).fit(SequenceDataset.of(streams.inputs(), streams.targets(), new int[] {5, 5, 5, 5, 5, 5}));
    }

    /** Re-running the cell that builds a model leaves the optimizer on the old one's parameters: refused, by name. */
    @Test
    void anOptimizerOfAnotherModelsParametersIsRefused() {
        SequenceDataset data = Tasks.noisySine(8, 5, 0.05, new Rng(3));
        SequenceModel old = model(2), current = model(2);
        var e = assertRefuses(IllegalArgumentException.class, () -> Trainer.of(current).loss(Losses.mse())
                .optimizer(new Adam(old.parameters(), 0.01)).epochs(1).progress(Progress.SILENT).fit(data),
                "the optimizer (Adam) updates " + old.parameters().size() + " of its " + old.parameters().size()
                        + " tensors that are not parameters of the model being trained",
                "new Adam(model.parameters(), lr)");
    }

    /** A metric's name is a History column saved as CSV in every checkpoint: a comma or line break would break it. */
    @Test
    void metricNamesThatWouldBreakTheSavedHistoryAreRefused() {
        for (String bad : new String[] {"a,b", "two\nlines", "", "quote\""}) {
            assertRefuses(IllegalArgumentException.class,
                    () -> Trainer.of(model(1)).metric(bad, Metric.accuracy()), "use letters, digits and '_'");
        }
        Trainer.of(model(1)).metric("recall_5", Metric.accuracy());
    }

    /** A monitored metric that is NaN stops training as a plateau would; the History says it was NaN. */
    @Test
    void aNaNMonitoredMetricIsNoted() {
        SequenceDataset data = Tasks.noisySine(16, 5, 0.05, new Rng(3));
        SequenceModel m = model(2);
        History h = Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(10).batchSize(8)
                .validation(data).metric("broken", (p, t) -> Double.NaN).monitor("val_broken")
                .callbacks(new EarlyStopping(2)).progress(Progress.SILENT).fit(data);
        assertEquals(2, h.epochs(), "NaN never improves: patience 2 stops after epoch 2");
        assertTrue(h.notes().stream().anyMatch(n -> n.contains("val_broken is NaN at epoch 1")), h.notes().toString());
    }

    /** Validation data that do not fit, and a checkpoint that cannot be written, fail before the first step. */
    @Test
    void badValidationDataAndAnUnwritableCheckpointFailBeforeTheFirstStep(@TempDir Path dir) {
        SequenceDataset data = Tasks.noisySine(16, 5, 0.05, new Rng(3));
        SequenceModel m = model(2);
        double[] before = m.parameters().get(0).toArray();
        SequenceDataset wide = SequenceDataset.of(Tensor.zeros(4, 5, 3), Tensor.zeros(4, 1));
        var e = assertRefuses(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.mse())
                .optimizer(new Adam(m.parameters(), 0.01)).epochs(3).validation(wide).progress(Progress.SILENT).fit(data),
                "input_size=1");
        assertTrue(e.getMessage().startsWith("Trainer: the validation data do not fit the model and loss: "), e.getMessage());
        assertRefuses(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.mse())
                .optimizer(new Adam(m.parameters(), 0.01)).epochs(3).callbacks(new Checkpoint(dir.resolve("no/such/best.safetensors")))
                .progress(Progress.SILENT).fit(data), "does not exist");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, m.parameters().get(0).toArray(), "no step was taken");
    }

    /**
     * An interrupt during an epoch with a Checkpoint callback: the checkpoint is still written, fit returns the History
     * so far, the interrupt stays pending for the caller, and saving, loading and charts still work with it pending.
     */
    @Test
    void aPendingInterruptBreaksNeitherTheCheckpointNorTheNextSave(@TempDir Path dir) throws Exception {
        SequenceDataset data = Tasks.noisySine(16, 5, 0.05, new Rng(3));
        SequenceModel m = model(2);
        Path best = dir.resolve("best.safetensors");
        int[] calls = {0};
        // The metric runs in each epoch's validation; at epoch 2 it interrupts, as a notebook's stop button would.
        Metric interrupting = (p, t) -> {
            if (++calls[0] == 2) Thread.currentThread().interrupt();
            return 0;
        };
        try {
            History h = Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(5).batchSize(8)
                    .validation(data).metric("probe", interrupting).callbacks(new Checkpoint(best)).progress(Progress.SILENT)
                    .fit(data);
            assertEquals(2, h.epochs());
            assertTrue(h.notes().get(0).contains("interrupted in epoch 3 before step 1"), h.notes().toString());
            assertTrue(Thread.currentThread().isInterrupted(), "still pending, so the rest of the cell can stop");
            assertTrue(ModelIO.load(best, SequenceModel.class).history().epochs() >= 1, "the checkpoint was written whole");
            ModelIO.save(dir.resolve("after.safetensors"), m, null, h);     // threw ClosedByInterruptException before
            ModelIO.load(dir.resolve("after.safetensors"), SequenceModel.class);
            dev.gatelab.plot.SeriesChart.of("loss", new double[] {1, 2}).save(dir.resolve("chart.html"));
            assertTrue(Thread.currentThread().isInterrupted(), "and still pending after them");
        } finally {
            Thread.interrupted();
        }
    }

    /** A plateau schedule is an LRScheduler like the others, and is given the one monitored value. */
    @Test
    void schedulersSeeTheMonitoredValue() {
        SequenceDataset data = Tasks.noisySine(32, 5, 0.05, new Rng(3));
        SequenceModel m = model(2);
        SGD sgd = new SGD(m.parameters(), 1e-6);
        History h = Trainer.of(m).loss(Losses.mse()).optimizer(sgd).epochs(4).batchSize(8)
                .scheduler(new ReduceLROnPlateau(sgd).patience(0).factor(0.5)).monitor("train_loss")
                .progress(Progress.SILENT).fit(data);
        assertEquals(4, h.epochs());
        assertTrue(sgd.lr() < 1e-6, "the rate fell on the plateau of train_loss: " + sgd.lr());
        assertThrows(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.mse()).optimizer(sgd)
                .monitor("val_loss").fit(data), "val_loss needs validation data");
    }

    /**
     * A monitored metric improves in the direction its goal says: an accuracy-like score is kept at its highest, a
     * lambda (an error) at its lowest; early stopping, the checkpoint and the plateau schedule all follow the monitor.
     */
    @Test
    void aMonitoredMetricImprovesTheWayItsGoalSays(@TempDir Path dir) {
        SequenceDataset data = Tasks.noisySine(16, 5, 0.05, new Rng(3));
        double[] scores = {0.5, 0.9, 0.7, 0.6, 0.8};
        for (boolean maximized : new boolean[] {true, false}) {
            int[] epoch = {0};
            Metric scripted = (p, t) -> scores[epoch[0]++];
            SequenceModel m = model(2);
            EarlyStopping stop = new EarlyStopping(2);
            Checkpoint best = new Checkpoint(dir.resolve(maximized + ".safetensors"));
            History h = Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(5).batchSize(8)
                    .validation(data).metric("score", maximized ? Metric.maximized(scripted) : scripted)
                    .monitor("val_score").callbacks(stop, best).progress(Progress.SILENT).fit(data);
            assertEquals(maximized ? 2 : 1, stop.restoredEpoch(), "the best epoch, maximized " + maximized);
            assertEquals(maximized ? 4 : 3, h.epochs(), "two epochs without improvement, then stop");
            assertEquals(maximized ? 2 : 1, best.savedEpoch());
        }
        assertEquals(Goal.MAXIMIZE, Metric.accuracy().goal());
        assertEquals(Goal.MAXIMIZE, Metric.signAgreement().inUnits(v -> 2 * v).goal(), "a metric in units keeps its goal");
        assertEquals(Goal.MINIMIZE, Metric.mae().goal());
    }

    /** A schedule that waits for the other direction than the monitor improves in, and a column no fit writes, are refused. */
    @Test
    void aMonitorThatCannotBeWatchedIsRefusedBeforeTheFirstStep() {
        SequenceDataset data = Tasks.noisySine(16, 5, 0.05, new Rng(3));
        SequenceModel m = model(2);
        SGD sgd = new SGD(m.parameters(), 0.01);
        double[] before = m.parameters().get(0).toArray();
        assertRefuses(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.mse()).optimizer(sgd)
                .validation(data).metric("acc", Metric.accuracy()).monitor("val_acc")
                .scheduler(new ReduceLROnPlateau(sgd)).progress(Progress.SILENT).fit(data), "val_acc", ".maximize()");
        assertRefuses(IllegalArgumentException.class, () -> Trainer.of(m).loss(Losses.mse()).optimizer(sgd)
                .validation(data).monitor("val_acc").progress(Progress.SILENT).fit(data), "'val_acc'", "train_loss, val_loss");
        assertArrayEquals(before, m.parameters().get(0).toArray(), "nothing trained");
        Trainer.of(m).loss(Losses.mse()).optimizer(sgd).validation(data).metric("acc", Metric.maximized((p, t) -> 1))
                .monitor("val_acc").scheduler(new ReduceLROnPlateau(sgd).maximize()).epochs(1).progress(Progress.SILENT)
                .fit(data);
    }

    /** A linear autoregression on the whole window: a model of one's own, as a user would write it. */
    static final class Autoregression extends dev.gatelab.nn.Module implements dev.gatelab.nn.Fittable {
        private final dev.gatelab.nn.Linear weights;

        Autoregression(int steps) {
            weights = register("weights", new dev.gatelab.nn.Linear(steps, 1, true, dev.gatelab.autograd.DType.FLOAT32, new Rng(5)));
        }

        @Override
        public Tensor forward(Tensor input, int[] lengths) {
            return weights.forward(input.reshape(input.dim(0), input.dim(1)));
        }
    }

    /** Any Module that is Fittable trains, validates, early-stops and checkpoints as a SequenceModel does. */
    @Test
    void aModelOfOnesOwnTrainsAsASequenceModelDoes(@TempDir Path dir) throws Exception {
        SequenceDataset data = Tasks.noisySine(160, 12, 0.05, new Rng(1));
        Autoregression ar = new Autoregression(12);
        Path best = dir.resolve("ar.safetensors");
        History h = Trainer.of(ar).loss(Losses.mse()).optimizer(new Adam(ar.parameters(), 0.02)).epochs(8).batchSize(16)
                .validation(data.range(128, 160)).callbacks(new EarlyStopping(3), new Checkpoint(best))
                .progress(Progress.SILENT).fit(data.range(0, 128));
        assertEquals("Autoregression", h.name(), "the run is named after the model's class");
        assertTrue(h.last("val_loss") < 0.5 * h.doubleColumn("val_loss").get(0), h.doubleColumn("val_loss").print());
        assertTrue(ar.isTraining(), "validation put the model back in training mode");
        Autoregression reloaded = new Autoregression(12);
        ModelIO.loadWeights(best, reloaded);
        assertArrayEquals(ar.parameters().get(0).toArray(), reloaded.parameters().get(0).toArray(),
                "the checkpoint holds the best epoch, the one early stopping put back");
        assertEquals(h.doubleColumn("val_loss").min(), ar.evaluate(data.range(128, 160), Losses.mse()), 1e-6,
                "evaluate is what validation measured, on the best epoch's weights that early stopping put back");
        assertRefuses(IllegalArgumentException.class, () -> Trainer.of(ar).loss(Losses.mse())
                .optimizer(new Adam(ar.parameters(), 0.02)).batchSize(32).carryState().progress(Progress.SILENT)
                .fit(data.range(0, 128)), "Autoregression does not carry a state", "without carryState()");
    }
}
