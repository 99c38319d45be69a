package dev.gatelab.optim;

/**
 * Sets an optimizer's learning rate once per epoch. Schedules by epoch ({@link StepLR}, {@link ExponentialLR},
 * {@link CosineAnnealingLR}) ignore the monitored value; {@link ReduceLROnPlateau} acts on it. Give one to
 * {@code Trainer.scheduler(…)} and it is stepped after every epoch with the value the Trainer monitors.
 */
public interface LRScheduler {
    /**
     * Ends an epoch.
     *
     * @param monitored the epoch's monitored value (val_loss, else train_loss, or what {@code Trainer.monitor} names)
     */
    void step(double monitored);

    /** @return the learning rate now */
    double lr();
}
