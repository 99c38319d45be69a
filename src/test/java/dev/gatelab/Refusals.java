package dev.gatelab;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** The one check that a call is refused with a message that says what it should: each part, and which one is missing. */
public final class Refusals {
    private Refusals() {}

    /**
     * @param type the exception expected (an ArgumentException, IOException, …)
     * @param call the call to refuse
     * @param parts what its message must contain, each
     * @param <T> the exception's type
     * @return the exception, for further checks
     */
    public static <T extends Throwable> T assertRefuses(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            if (!message.contains(part)) throw new AssertionError("the message lacks '" + part + "': " + message, e);
        }
        return e;
    }
}
