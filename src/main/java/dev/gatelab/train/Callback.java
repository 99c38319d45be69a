package dev.gatelab.train;

/** Hooks into {@link Trainer#fit}: called after every epoch with the History so far. */
public interface Callback {
    /**
     * Before the first epoch.
     *
     * @param trainer the trainer
     */
    default void onTrainBegin(Trainer trainer) {}

    /**
     * After each epoch.
     *
     * @param trainer the trainer
     * @param history the rows so far
     */
    default void onEpochEnd(Trainer trainer, History history) {}

    /**
     * After the last epoch (not after an interrupted fit).
     *
     * @param trainer the trainer
     * @param history the whole run
     */
    default void onTrainEnd(Trainer trainer, History history) {}
}
