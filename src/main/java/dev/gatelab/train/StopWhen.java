package dev.gatelab.train;

import dev.gatelab.ArgumentException;

/**
 * Ends training once a History column reaches a target: "train until it solves the task" rather than for a fixed
 * number of epochs. It says so in the History's notes. {@code .epochs(200).callbacks(StopWhen.atLeast("val_accuracy", 0.99))}
 */
public final class StopWhen implements Callback {
    private final String column;
    private final double target;
    private final boolean atLeast;
    private int reached;

    private StopWhen(String column, double target, boolean atLeast) {
        if (!Double.isFinite(target)) throw new ArgumentException("StopWhen: the target must be finite, got " + target);
        this.column = column;
        this.target = target;
        this.atLeast = atLeast;
    }

    /**
     * @param column a History column, e.g. "val_accuracy"
     * @param target the value that ends training
     * @return a callback that stops after the first epoch whose value is at least {@code target}
     */
    public static StopWhen atLeast(String column, double target) {
        return new StopWhen(column, target, true);
    }

    /**
     * @param column a History column, e.g. "val_loss"
     * @param target the value that ends training
     * @return a callback that stops after the first epoch whose value is at most {@code target}
     */
    public static StopWhen atMost(String column, double target) {
        return new StopWhen(column, target, false);
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        reached = 0;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History history) {
        double v = history.last(column);
        if (atLeast ? v >= target : v <= target) {
            reached = history.epochs();
            trainer.requestStop();
            trainer.note(String.format(java.util.Locale.ROOT, "stopped at epoch %d: %s reached %.4g (target %s %.4g)",
                    reached, column, v, atLeast ? "≥" : "≤", target));
        }
    }

    /** @return the epoch at which the target was reached, or 0 */
    public int reachedEpoch() {
        return reached;
    }
}
