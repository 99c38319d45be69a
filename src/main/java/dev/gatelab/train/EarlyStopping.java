package dev.gatelab.train;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops when val_loss (or train_loss without validation data) has not improved for {@code patience} epochs, and puts
 * back the weights of the best epoch, as Keras's EarlyStopping(restore_best_weights=True).
 */
public final class EarlyStopping implements Callback {
    private final int patience;
    private double best;
    private int waited;
    private Map<String, double[]> bestWeights;

    public EarlyStopping(int patience) {
        if (patience < 0) throw new ArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        this.patience = patience;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        best = Double.POSITIVE_INFINITY;
        waited = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History history) {
        double v = history.last("val_loss");
        if (Double.isNaN(v)) v = history.last("train_loss");
        if (v < best) {
            best = v;
            waited = 0;
            bestWeights = new LinkedHashMap<>();
            trainer.model().namedParameters().forEach((k, p) -> bestWeights.put(k, p.toArray()));
        } else if (++waited > patience) {
            trainer.requestStop();
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        if (bestWeights == null) return;
        Map<String, Tensor> params = trainer.model().namedParameters();
        bestWeights.forEach((k, v) -> params.get(k).assign(v));
    }
}
