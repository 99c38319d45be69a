package dev.gatelab.autograd;

/**
 * Whether operations record the graph. Inference wraps its work in {@code try (var off = Grad.off()) { ... }}: no
 * graph is built, so nothing is kept for a backward that will not come.
 */
public final class Grad {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private Grad() {}

    /**
     * @return whether operations on this thread record the graph
     */
    public static boolean isEnabled() {
        return ENABLED.get();
    }

    /**
     * Turns recording off until the returned scope is closed, then restores what was there before.
     *
     * @return the scope to close
     */
    public static Scope off() {
        boolean before = ENABLED.get();
        ENABLED.set(false);
        return () -> ENABLED.set(before);
    }

    /**
     * Turns recording on until the returned scope is closed, inside a no-grad region too: for a call that needs a
     * gradient (an input gradient, say) wherever it is made.
     *
     * @return the scope to close
     */
    public static Scope on() {
        boolean before = ENABLED.get();
        ENABLED.set(true);
        return () -> ENABLED.set(before);
    }

    /** A region with recording set; closing it cannot fail. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
