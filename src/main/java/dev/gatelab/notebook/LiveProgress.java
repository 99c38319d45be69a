package dev.gatelab.notebook;

import dev.gatelab.plot.Escape;
import dev.gatelab.plot.LossChart;
import dev.gatelab.train.History;
import dev.gatelab.train.Progress;

/**
 * A fit's progress in the running cell of any kernel: one output, replaced in place with the epoch, the losses, the
 * time left and the loss curve so far, labelled with the run's name. Updates are at most twice a second, and the last
 * one always shows.
 *
 * <p>A display must never stop a training run: if the kernel fails to show or update it (a kernel of another version
 * whose display API changed, a closed connection), this says why on standard error and reports the rest of that fit as
 * lines of text ({@link Progress#CONSOLE}); the next fit tries the live display again.
 */
public final class LiveProgress implements Progress {
    private final NotebookOutput output;
    private String displayId;
    private long lastUpdate;
    private int epochs;
    private double secondsLeft;
    private Progress fallback;

    /** @param output where the kernel shows it */
    public LiveProgress(NotebookOutput output) {
        this.output = output;
    }

    @Override
    public void epoch(History history, int totalEpochs, double left) {
        if (history.epochs() == 1) {
            displayId = null;
            fallback = null;              // each fit tries the live display again: a failure may have been passing
        }
        if (fallback != null) {
            fallback.epoch(history, totalEpochs, left);
            return;
        }
        this.epochs = totalEpochs;
        this.secondsLeft = left;
        long now = System.nanoTime();
        if (displayId != null && now - lastUpdate < 500_000_000L) return;
        lastUpdate = now;
        show(history, false);
    }

    @Override
    public void done(History history) {
        if (fallback == null && history.epochs() > 0) show(history, true);
        displayId = null;
    }

    /** @return whether a failed display turned this into lines of text */
    public boolean fellBackToText() {
        return fallback != null;
    }

    private void show(History h, boolean finished) {
        String line = String.format("%s %s · epoch %d/%d · train loss %.4g%s · %s", h.name(),
                finished ? "finished" : "training", h.epochs(), epochs, h.last("train_loss"),
                Double.isNaN(h.last("val_loss")) ? "" : String.format(" · validation loss %.4g", h.last("val_loss")),
                finished ? String.format("%.1f s in all", h.doubleColumn("seconds").sum())
                        : String.format("about %.0f s left", secondsLeft));
        try {
            LossChart chart = LossChart.of(h.name(), h).title("Training progress");
            // The static image only once the run ends: that is the output a saved notebook keeps.
            String html = "<div style=\"font-family:monospace\">" + Escape.html(line) + "</div>\n"
                    + chart.notebookHtml(finished ? chart.pngOrNull() : null);
            if (displayId == null) displayId = output.show(line, html);
            else output.update(displayId, line, html);
        } catch (RuntimeException | LinkageError failed) {
            // LinkageError too: a NoSuchMethodError is how a kernel's changed API shows, and it is no reason to stop.
            fallback = Progress.CONSOLE;
            System.err.println("Gatelab: the kernel could not show live progress (" + failed
                    + "); progress continues as text");
            System.out.println(line);
        }
    }
}
