package dev.gatelab.train;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops when the monitored value ({@link Trainer#monitor}: val_loss, or train_loss without validation data) has not
 * improved for {@code patience} epochs (fallen, or risen for a metric whose {@link Metric#goal()} is to maximise),
 * and puts back the weights of the best epoch, as Keras's
 * EarlyStopping(restore_best_weights=True). It says so in the History's notes and where progress is shown:
 * the epoch it stopped at, and the epoch whose weights it restored.
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private double best;
    private Goal goal = Goal.MINIMIZE;
    private int waited, bestEpoch, stoppedEpoch;
    private boolean sawNaN;
    private Map<String, double[]> bestWeights;

    /**
     * @param patience epochs without improvement after which training stops, at least 0 (0 stops at the first epoch
     *     that does not improve), as Keras's patience
     */
    public EarlyStopping(int patience) {
        if (patience < 0) throw new ArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.patience = patience;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        goal = trainer.monitoredGoal();
        best = goal.worst();
        waited = 0;
        bestEpoch = 0;
        stoppedEpoch = 0;
        sawNaN = false;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History history) {
        double v = trainer.monitored(history);
        if (Double.isNaN(v) && !sawNaN) {
            sawNaN = true;     // NaN never improves: say so once, or the stop that follows would look like a plateau
            trainer.note("early stopping: " + trainer.monitoredColumn() + " is NaN at epoch " + history.epochs()
                    + ", which never counts as an improvement");
        }
        if (goal.improves(v, best)) {
            best = v;
            waited = 0;
            bestEpoch = history.epochs();
            bestWeights = new LinkedHashMap<>();
            trainer.model().namedParameters().forEach((k, p) -> bestWeights.put(k, p.toArray()));
        } else if (++waited >= patience) {      // as Keras: patience epochs without improvement, then stop
            stoppedEpoch = history.epochs();
            trainer.requestStop();
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        if (bestWeights == null) return;
        Map<String, Tensor> params = trainer.model().namedParameters();
        bestWeights.forEach((k, v) -> params.get(k).assign(v));
        String column = trainer.monitoredColumn();
        trainer.note(stoppedEpoch > 0
                ? String.format("early stopping: %s did not improve for %d epoch%s, so training stopped after epoch %d;"
                        + " restored the weights of epoch %d (%s %.4g)", column, stoppedEpoch - bestEpoch,
                        stoppedEpoch - bestEpoch == 1 ? "" : "s", stoppedEpoch, bestEpoch,
                        column, best)
                : String.format("early stopping: ran all %d epochs; restored the weights of epoch %d (%s %.4g)",
                        history.epochs(), bestEpoch, column, best));
    }

    /** @return the epoch whose weights were restored (0 before a fit) */
    public int restoredEpoch() {
        return bestEpoch;
    }

    /** @return the epoch after which training stopped, or 0 when it ran every epoch */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
