package dev.gatelab.train;

/** Hooks into {@link Trainer#fit}: called after every epoch with the History so far. */
public interface Callback {
    default void onTrainBegin(Trainer trainer) {}

    default void onEpochEnd(Trainer trainer, History history) {}

    default void onTrainEnd(Trainer trainer, History history) {}
}
