package dev.gatelab;

import java.io.IOException;

/**
 * File input and output with a pending interrupt set aside, and put back after. A notebook's stop button interrupts
 * the kernel's thread; the Trainer stops on it and leaves it set, so that the rest of the cell can stop too. But a
 * {@link java.nio.channels.FileChannel} closes at once on a pending interrupt (ClosedByInterruptException), which made
 * every save or load after a stopped fit fail. With the flag set aside the file is written or read whole, and an
 * interrupt that arrives during it still stops it.
 */
public final class PendingInterrupt {
    private PendingInterrupt() {}

    /**
     * Some file input or output.
     *
     * @param <T> what it gives
     */
    @FunctionalInterface
    public interface Action<T> {
        /**
         * @return what it gives
         * @throws IOException when the file cannot be read or written
         */
        T run() throws IOException;
    }

    /**
     * Runs {@code action} with this thread's pending interrupt, if any, set aside, and sets it again after.
     *
     * @param <T> what the action gives
     * @param action the file input or output
     * @return what the action gave
     * @throws IOException when the action throws it
     */
    public static <T> T setAsideDuring(Action<T> action) throws IOException {
        boolean pending = Thread.interrupted();
        try {
            return action.run();
        } finally {
            if (pending) Thread.currentThread().interrupt();
        }
    }
}
