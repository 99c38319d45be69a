package dev.gatelab.cell;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step gives: the new hidden state (before any projection), the new value of the cell's state if it has one,
 * and the gates it names, which a trace records and charts draw.
 *
 * <pre>{@code
 * return Step.of(o.mul(c.tanh())).state("c", c).gate("i", i).gate("f", f).gate("g", g).gate("o", o);
 * }</pre>
 */
public final class Step {
    private final Expr hidden;
    private final Map<String, Expr> states = new LinkedHashMap<>();
    private final Map<String, Expr> gates = new LinkedHashMap<>();

    private Step(Expr hidden) {
        this.hidden = hidden;
    }

    /**
     * @param hidden the new hidden state h_t
     * @return a step giving it
     */
    public static Step of(Expr hidden) {
        if (hidden == null) throw new dev.gatelab.ArgumentException("Step.of: the new hidden state is null");
        return new Step(hidden);
    }

    /**
     * @param name the state the definition declares
     * @param value its new value
     * @return this step
     */
    public Step state(String name, Expr value) {
        if (value == null) throw new dev.gatelab.ArgumentException("Step.state: the value of '" + name + "' is null");
        states.put(name, value);
        return this;
    }

    /**
     * Names a value for traces and charts: a gate ("i", "f", …) as it acts, after its activation.
     *
     * @param name the gate's name, not "h" nor the state's
     * @param value its value
     * @return this step
     */
    public Step gate(String name, Expr value) {
        if (name == null || name.isEmpty()) throw new dev.gatelab.ArgumentException("Step.gate: a gate needs a name, got " + (name == null ? "null" : "''"));
        if (gates.containsKey(name)) throw new dev.gatelab.ArgumentException("Step.gate: '" + name + "' is named twice");
        if (value == null) throw new dev.gatelab.ArgumentException("Step.gate: the value of '" + name + "' is null");
        gates.put(name, value);
        return this;
    }

    /** @return the new hidden state, as the step gave it */
    public Expr hidden() {
        return hidden;
    }

    /** @return the new value of each state, by name, in the order the step gave them */
    public Map<String, Expr> states() {
        return java.util.Collections.unmodifiableMap(states);
    }

    /** @return each named gate, in the order the step named them */
    public Map<String, Expr> gates() {
        return java.util.Collections.unmodifiableMap(gates);
    }
}
