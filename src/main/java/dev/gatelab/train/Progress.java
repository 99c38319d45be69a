package dev.gatelab.train;

/**
 * Where a running fit reports: a line per epoch on the console by default; in a notebook kernel that Gatelab is
 * installed in, a live line and loss curve that update in place, a new display for each fit ({@link ProgressDisplays}).
 */
public interface Progress {
    /**
     * Called after each epoch with the rows so far, the total number of epochs and an estimate of the time left.
     *
     * @param history the rows so far
     * @param epochs the number of epochs planned
     * @param secondsLeft an estimate of the time left
     */
    void epoch(History history, int epochs, double secondsLeft);

    /**
     * Called once when fitting ends, normally or not.
     *
     * @param history the rows of the run
     */
    default void done(History history) {}

    /**
     * A line about the run that is not an epoch: early stopping, an interruption.
     *
     * @param line what happened
     */
    default void message(String line) {
        System.out.println(line);
    }

    /** A line per epoch on standard output. */
    Progress CONSOLE = (history, epochs, secondsLeft) -> System.out.printf(
            "epoch %d/%d  train_loss %.5g  val_loss %.5g  lr %.3g  (%.1f s left)%n", history.epochs(), epochs,
            history.last("train_loss"), history.last("val_loss"), history.last("lr"), secondsLeft);

    /** Reports nothing, not even messages; they stay in the History's notes. */
    Progress SILENT = new Progress() {
        @Override
        public void epoch(History history, int epochs, double secondsLeft) {}

        @Override
        public void message(String line) {}
    };
}
