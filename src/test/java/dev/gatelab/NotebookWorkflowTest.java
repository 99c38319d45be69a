package dev.gatelab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.CharVocabulary;
import dev.gatelab.data.SequenceDataset;
import dev.gatelab.data.Tasks;
import dev.gatelab.io.ModelIO;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.plot.GateHeatmaps;
import dev.gatelab.plot.LossChart;
import dev.gatelab.plot.SaturationChart;
import dev.gatelab.train.EarlyStopping;
import dev.gatelab.train.History;
import dev.gatelab.train.Trainer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a notebook does, cell by cell, with no casts and no Trainer for prediction: build, fit with early stopping,
 * predict, save, load, plot the reloaded History, trace and draw from the trace, generate text.
 */
class NotebookWorkflowTest {
    @Slow
    @Test
    void buildFitPredictSaveLoadPlotTraceGenerate(@TempDir Path dir) throws Exception {
        SequenceDataset data = Tasks.noisySine(200, 20, 0.05, new Rng(1));
        SequenceDataset train = data.range(0, 160), valid = data.range(160, 200);
        Rng.manualSeed(3);
        SequenceModel model = SequenceModel.lastStep(GRU.builder(1, 16).batchFirst().build(), 1);
        Adam adam = new Adam(model.parameters(), 0.02);
        History history = Trainer.of(model).loss(Losses.mse()).optimizer(adam).epochs(30).batchSize(16)
                .validation(valid).callbacks(new EarlyStopping(3)).quiet().fit(train);
        assertTrue(history.toString().contains("early stopping"), history.toString());

        Tensor predicted = model.predict(valid);
        assertArrayEquals(new int[] {40, 1}, predicted.shape());
        double mse = model.evaluate(valid, Losses.mse());
        assertEquals(history.best("val_loss"), mse, 1e-6, "the restored weights are the best epoch's");

        Path file = dir.resolve("gru.safetensors");
        ModelIO.save(file, model, adam, history);
        ModelIO.Saved<SequenceModel> saved = ModelIO.load(file, SequenceModel.class);
        SequenceModel again = saved.model();
        assertArrayEquals(predicted.toArray(), again.predict(valid).toArray());
        assertTrue(saved.toString().length() < 300, saved.toString());
        String chart = LossChart.of("reloaded", saved.history()).notebookHtml();
        assertTrue(chart.contains("Plotly.newPlot"));

        GateTrace trace = again.trace(valid.range(0, 8).inputs());
        assertEquals(8, trace.samples());
        assertEquals(2, SaturationChart.of(trace).figures().size(), "r and z");
        assertEquals(4, GateHeatmaps.of(trace).figures().size(), "r, z, n, h");
    }

    @Test
    void generateTextInOneCall() {
        String text = "to be or not to be that is the question ".repeat(20);
        CharVocabulary vocab = CharVocabulary.of(text);
        Rng.manualSeed(1);
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(vocab.size(), 32).batchFirst().build(), vocab.size());
        Trainer.of(model).loss(Losses.crossEntropy()).optimizer(new Adam(model.parameters(), 0.02)).epochs(15)
                .batchSize(16).quiet().fit(vocab.sequences(text, 20, 10));
        String sample = model.generate(vocab, "to be ", 60, 0.5, new Rng(7));
        assertEquals(66, sample.length());
        assertTrue(sample.startsWith("to be "));
        assertEquals(sample, model.generate(vocab, "to be ", 60, 0.5, new Rng(7)), "the same generator, the same text");
        assertTrue(sample.substring(6).contains(" the "), "it has learned words of its text: " + sample);
    }
}
