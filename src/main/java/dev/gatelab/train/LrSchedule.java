package dev.gatelab.train;

import dev.gatelab.optim.LRScheduler;
import dev.gatelab.optim.ReduceLROnPlateau;

/** Steps a learning-rate schedule once per epoch; a plateau schedule is given the epoch's val_loss. */
public final class LrSchedule implements Callback {
    private final LRScheduler scheduler;
    private final ReduceLROnPlateau plateau;

    public LrSchedule(LRScheduler scheduler) {
        this.scheduler = scheduler;
        this.plateau = null;
    }

    public LrSchedule(ReduceLROnPlateau plateau) {
        this.scheduler = null;
        this.plateau = plateau;
    }

    @Override
    public void onEpochEnd(Trainer trainer, History history) {
        if (scheduler != null) {
            scheduler.step();
        } else {
            double v = history.last("val_loss");
            plateau.step(Double.isNaN(v) ? history.last("train_loss") : v);
        }
    }
}
