package dev.gatelab.train;

import dev.gatelab.ArgumentException;

/** Training met a loss or gradient that is NaN or infinite. */
public final class NonFiniteException extends ArithmeticException {
    /**
     * @param message the epoch, the step and what went non-finite
     */
    public NonFiniteException(String message) {
        super(message);
    }

    /** As {@link ArgumentException}: in a notebook only the reader's own frames are kept. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        super.fillInStackTrace();
        if (ArgumentException.compactTraces()) setStackTrace(ArgumentException.outsideGatelab(getStackTrace()));
        return this;
    }
}
