package dev.gatelab.notebook;

import dev.gatelab.autograd.Rng;
import dev.gatelab.data.Tasks;
import dev.gatelab.nn.GRU;
import dev.gatelab.nn.Losses;
import dev.gatelab.nn.SequenceModel;
import dev.gatelab.optim.Adam;
import dev.gatelab.train.History;
import dev.gatelab.train.Trainer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A live display that fails, as a kernel whose display API changed fails (JJava's main branch made
 * {@code setDisplayId} return a value, so a call compiled against 1.0-a6 throws NoSuchMethodError): the fit goes on to
 * its last epoch and reports the rest as text.
 */
class LiveProgressFallbackTest {
    /** Shows the first {@code working} outputs, then fails as a changed kernel API does. */
    private static final class BrokenOutput implements NotebookOutput {
        final List<String> shown = new ArrayList<>();
        private final int working;

        BrokenOutput(int working) {
            this.working = working;
        }

        @Override
        public String show(String text, String html) {
            fail(text);
            return "id";
        }

        @Override
        public void update(String id, String text, String html) {
            fail(text);
        }

        private void fail(String text) {
            if (shown.size() >= working) {
                throw new NoSuchMethodError("'void org.dflib.jjava.jupyter.kernel.display.DisplayData.setDisplayId(java.lang.String)'");
            }
            shown.add(text);
        }
    }

    private static History fit(LiveProgress progress, ByteArrayOutputStream out) {
        Rng.manualSeed(1);
        SequenceModel m = SequenceModel.lastStep(GRU.builder(1, 4).batchFirst().build(), 1);
        PrintStream before = System.out, beforeErr = System.err;
        try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            return Trainer.of(m).loss(Losses.mse()).optimizer(new Adam(m.parameters(), 0.01)).epochs(4).batchSize(8)
                    .progress(progress).name("fallback run").fit(Tasks.noisySine(16, 5, 0.05, new Rng(2)));
        } finally {
            System.setOut(before);
            System.setErr(beforeErr);
        }
    }

    @Test
    void aDisplayThatCannotBeShownLeavesTheFitRunningWithTextProgress() {
        BrokenOutput output = new BrokenOutput(0);
        LiveProgress progress = new LiveProgress(output);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        History h = fit(progress, out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(4, h.epochs(), "every epoch ran");
        assertTrue(progress.fellBackToText());
        assertTrue(text.contains("could not show live progress") && text.contains("NoSuchMethodError"), text);
        assertTrue(text.contains("epoch 4/4"), "the later epochs as lines of text: " + text);
    }

    @Test
    void aDisplayThatCannotBeUpdatedLeavesTheFitRunningToo() {
        BrokenOutput output = new BrokenOutput(1);
        LiveProgress progress = new LiveProgress(output);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        History h = fit(progress, out);
        assertEquals(4, h.epochs());
        assertEquals(1, output.shown.size(), "the first display was shown: " + output.shown);
        assertTrue(output.shown.get(0).contains("fallback run training · epoch 1/4"), output.shown.get(0));
        assertTrue(progress.fellBackToText());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("epoch 4/4"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWorkingDisplayStaysLive() {
        BrokenOutput output = new BrokenOutput(Integer.MAX_VALUE);
        LiveProgress progress = new LiveProgress(output);
        History h = fit(progress, new ByteArrayOutputStream());
        assertEquals(4, h.epochs());
        assertFalse(progress.fellBackToText());
        assertTrue(output.shown.get(output.shown.size() - 1).contains("fallback run finished · epoch 4/4"), output.shown.toString());
    }
}
