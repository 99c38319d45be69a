package dev.gatelab.train;

/** Training met a loss or gradient that is NaN or infinite. */
public final class NonFiniteException extends ArithmeticException {
    public NonFiniteException(String message) {
        super(message);
    }
}
