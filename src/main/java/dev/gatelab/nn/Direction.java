package dev.gatelab.nn;

/** Which way a layer of a recurrent network reads its sequence; a bidirectional layer has both. */
public enum Direction {
    /** From the first step to the last. */
    FORWARD,
    /** From the last step to the first (the "_reverse" parameters of a bidirectional layer). */
    REVERSE;

    /** @return "forward" or "reverse", as tables and chart titles write it */
    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
