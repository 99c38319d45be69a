package dev.gatelab.notebook;

import dev.gatelab.plot.Escape;
import dev.gatelab.plot.LossChart;
import dev.gatelab.train.History;
import dev.gatelab.train.Progress;

/**
 * A fit's progress in the running cell of any kernel: one output, replaced in place with the epoch, the losses, the
 * time left and the loss curve so far, labelled with the run's name. Updates are at most twice a second, and the last
 * one always shows.
 */
public final class LiveProgress implements Progress {
    private final NotebookOutput output;
    private String displayId;
    private long lastUpdate;
    private int epochs;
    private double secondsLeft;

    /** @param output where the kernel shows it */
    public LiveProgress(NotebookOutput output) {
        this.output = output;
    }

    @Override
    public void epoch(History history, int totalEpochs, double left) {
        if (history.epochs() == 1) displayId = null;
        this.epochs = totalEpochs;
        this.secondsLeft = left;
        long now = System.nanoTime();
        if (displayId != null && now - lastUpdate < 500_000_000L) return;
        lastUpdate = now;
        show(history, false);
    }

    @Override
    public void done(History history) {
        if (history.epochs() > 0) show(history, true);
        displayId = null;
    }

    private void show(History h, boolean finished) {
        String line = String.format("%s %s · epoch %d/%d · train loss %.4g%s · %s", h.name(),
                finished ? "finished" : "training", h.epochs(), epochs, h.last("train_loss"),
                Double.isNaN(h.last("val_loss")) ? "" : String.format(" · validation loss %.4g", h.last("val_loss")),
                finished ? String.format("%.1f s in all", h.doubleColumn("seconds").sum())
                        : String.format("about %.0f s left", secondsLeft));
        String html = "<div style=\"font-family:monospace\">" + Escape.html(line) + "</div>\n"
                + LossChart.of(h.name(), h).title("Training progress").notebookHtml();
        if (displayId == null) displayId = output.show(line, html);
        else output.update(displayId, line, html);
    }
}
