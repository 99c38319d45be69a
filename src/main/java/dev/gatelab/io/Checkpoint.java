package dev.gatelab.io;

import dev.gatelab.train.Callback;
import dev.gatelab.train.Goal;
import dev.gatelab.train.History;
import dev.gatelab.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves the model, its optimizer's state and the History so far with {@link ModelIO#save} after every epoch that
 * improves the monitored value ({@link Trainer#monitor}, in the direction its {@link Goal} says), so that
 * {@code ModelIO.load(path, SequenceModel.class)} opens a SequenceModel's; a model of your own that has no config
 * gets its weights back with {@link ModelIO#loadWeights}.
 * The write is atomic: the file always holds a whole checkpoint. It lives with ModelIO rather than with the Trainer so
 * that io depends on train and not the other way round.
 */
public final class Checkpoint implements Callback {
    private final Path path;
    private double best;
    private Goal goal = Goal.MINIMIZE;
    private int savedEpoch;

    /** @param path the file to write (safetensors) */
    public Checkpoint(Path path) {
        this.path = path;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        // Checked before the first step, not found out after a whole epoch of training.
        Path folder = path.toAbsolutePath().getParent();
        if (java.nio.file.Files.isDirectory(path)) {
            throw new dev.gatelab.ArgumentException("Checkpoint: " + path + " is a folder; give the file to write, such as "
                    + path.resolve("best.safetensors"));
        }
        if (folder == null || !java.nio.file.Files.isDirectory(folder) || !java.nio.file.Files.isWritable(folder)) {
            throw new dev.gatelab.ArgumentException("Checkpoint: cannot write " + path + ": the folder " + folder
                    + (folder != null && java.nio.file.Files.isDirectory(folder) ? " is not writable" : " does not exist"));
        }
        goal = trainer.monitoredGoal();
        best = goal.worst();
        savedEpoch = 0;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History history) {
        double v = trainer.monitored(history);
        if (!goal.improves(v, best)) return;
        best = v;
        savedEpoch = history.epochs();
        try {
            ModelIO.save(path, trainer.model(), trainer.optimizer(), history);
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint: could not save " + path, e);
        }
    }

    /** @return the epoch of the last save (0 before one) */
    public int savedEpoch() {
        return savedEpoch;
    }
}
