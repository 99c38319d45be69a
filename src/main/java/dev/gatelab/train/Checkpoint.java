package dev.gatelab.train;

import dev.gatelab.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model's weights in safetensors after every epoch that improves val_loss (or train_loss without
 * validation data). The write is atomic, so the file always holds a whole checkpoint.
 */
public final class Checkpoint implements Callback {
    private final Path path;
    private double best;

    public Checkpoint(Path path) {
        this.path = path;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        best = Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History history) {
        double v = history.last("val_loss");
        if (Double.isNaN(v)) v = history.last("train_loss");
        if (!(v < best)) return;
        best = v;
        try {
            Safetensors.save(path, trainer.model().namedParameters(), Map.of("format", "pt", "model",
                    trainer.model().toString(), "epoch", String.valueOf(history.epochs())));
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint: could not save " + path, e);
        }
    }
}
