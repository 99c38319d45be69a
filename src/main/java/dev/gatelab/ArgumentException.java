package dev.gatelab;

import java.util.Arrays;

/**
 * Gatelab's bad-argument error: an IllegalArgumentException whose message says where (which layer, which argument),
 * what was expected and what came.
 *
 * <p>In a notebook a reader needs that message, not the library's call stack: with {@link #compactTraces} on (the
 * notebook support turns it on) the stack trace keeps only frames outside Gatelab, so a failing cell shows one
 * message and the line of the cell that caused it.
 */
public class ArgumentException extends IllegalArgumentException {
    private static volatile boolean compact;

    /**
     * @param message what was expected, what came, and where
     */
    public ArgumentException(String message) {
        super(message);
    }

    /**
     * Whether new exceptions drop Gatelab's own frames from their stack traces.
     *
     * @param on true inside a notebook
     */
    public static void compactTraces(boolean on) {
        compact = on;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        super.fillInStackTrace();
        if (compact) setStackTrace(outsideGatelab(getStackTrace()));
        return this;
    }

    /**
     * @return whether Gatelab's own frames are left out of stack traces
     */
    public static boolean compactTraces() {
        return compact;
    }

    /**
     * The frames that are not Gatelab's (the caller's code), or all of them if none are.
     *
     * @param frames a stack trace
     * @return the frames that are not Gatelab's
     */
    public static StackTraceElement[] outsideGatelab(StackTraceElement[] frames) {
        StackTraceElement[] kept = Arrays.stream(frames)
                .filter(f -> !f.getClassName().startsWith("dev.gatelab.")).toArray(StackTraceElement[]::new);
        return kept.length == 0 ? frames : kept;
    }
}
