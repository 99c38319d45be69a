package dev.gatelab.cell;

import dev.gatelab.ArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LSTM and the variants of Greff et al. (2017), "LSTM: A Search Space Odyssey", as one set of options. With none
 * set it is PyTorch's LSTM:
 * <pre>
 *   i = σ(z_i + p_i ⊙ c_{t−1})    f = σ(z_f + p_f ⊙ c_{t−1})    g = tanh(z_g)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g     o = σ(z_o + p_o ⊙ c_t)        h_t = o ⊙ tanh(c_t)
 * </pre>
 * where z is W_ih x + b_ih + W_hh h + b_hh of the gate's block and the peephole terms p ⊙ c are there only with
 * {@link #peepholes} (the paper's vanilla LSTM has them; PyTorch's has not). The options, with the paper's names:
 * <ul>
 *   <li>NIG, {@link #withoutInputGate}: i = 1, and no i block in the weights;</li>
 *   <li>NFG, {@link #withoutForgetGate}: f = 1;</li>
 *   <li>NOG, {@link #withoutOutputGate}: o = 1;</li>
 *   <li>NIAF, {@link #withoutInputActivation}: g = z_g, no tanh;</li>
 *   <li>NOAF, {@link #withoutOutputActivation}: h_t = o ⊙ c_t, no tanh;</li>
 *   <li>CIFG, {@link #coupledGates}: i = 1 − f, and no i block;</li>
 *   <li>{@link #forgetBias}: b_f starts at the given value (1 in Jozefowicz et al. 2015) instead of at random.</li>
 * </ul>
 * Peepholes are saved as peephole_i, peephole_f and peephole_o ([hidden_size] each, suffixed _l{k} as the other
 * weights). The paper's full gate recurrence (FGR) is not offered: it needs a second recurrent product per step.
 */
public final class LstmVariant {
    private final boolean peepholes, inputGate, forgetGate, outputGate, inputActivation, outputActivation, coupled;
    private final double forgetBias;

    /** PyTorch's LSTM. */
    public static final LstmVariant STANDARD = new LstmVariant(false, true, true, true, true, true, false, Double.NaN);

    private LstmVariant(boolean peepholes, boolean inputGate, boolean forgetGate, boolean outputGate,
            boolean inputActivation, boolean outputActivation, boolean coupled, double forgetBias) {
        this.peepholes = peepholes;
        this.inputGate = inputGate;
        this.forgetGate = forgetGate;
        this.outputGate = outputGate;
        this.inputActivation = inputActivation;
        this.outputActivation = outputActivation;
        this.coupled = coupled;
        this.forgetBias = forgetBias;
    }

    private LstmVariant with(String option, boolean peep, boolean in, boolean forget, boolean out, boolean inAct,
            boolean outAct, boolean couple, double bias) {
        LstmVariant v = new LstmVariant(peep, in, forget, out, inAct, outAct, couple, bias);
        v.check(option);
        return v;
    }

    private void check(String option) {
        if (coupled && !inputGate) conflict(option, "coupledGates (i = 1 − f) and withoutInputGate (i = 1)");
        if (coupled && !forgetGate) conflict(option, "coupledGates (i = 1 − f) and withoutForgetGate (f = 1)");
        if (!Double.isNaN(forgetBias) && !forgetGate) conflict(option, "forgetBias and withoutForgetGate");
        if (!Double.isNaN(forgetBias) && !Double.isFinite(forgetBias)) {
            throw new ArgumentException("LSTM: forgetBias must be finite, got " + forgetBias);
        }
    }

    private static void conflict(String option, String which) {
        throw new ArgumentException("LSTM: " + option + " conflicts with an option already set: " + which
                + " cannot both hold");
    }

    /** @return with peephole connections from the cell state to i, f and o */
    public LstmVariant peepholes() {
        return with("peepholes", true, inputGate, forgetGate, outputGate, inputActivation, outputActivation, coupled, forgetBias);
    }

    /** @return with i = 1 */
    public LstmVariant withoutInputGate() {
        return with("withoutInputGate", peepholes, false, forgetGate, outputGate, inputActivation, outputActivation, coupled, forgetBias);
    }

    /** @return with f = 1 */
    public LstmVariant withoutForgetGate() {
        return with("withoutForgetGate", peepholes, inputGate, false, outputGate, inputActivation, outputActivation, coupled, forgetBias);
    }

    /** @return with o = 1 */
    public LstmVariant withoutOutputGate() {
        return with("withoutOutputGate", peepholes, inputGate, forgetGate, false, inputActivation, outputActivation, coupled, forgetBias);
    }

    /** @return with g = z_g */
    public LstmVariant withoutInputActivation() {
        return with("withoutInputActivation", peepholes, inputGate, forgetGate, outputGate, false, outputActivation, coupled, forgetBias);
    }

    /** @return with h = o ⊙ c */
    public LstmVariant withoutOutputActivation() {
        return with("withoutOutputActivation", peepholes, inputGate, forgetGate, outputGate, inputActivation, false, coupled, forgetBias);
    }

    /** @return with i = 1 − f */
    public LstmVariant coupledGates() {
        return with("coupledGates", peepholes, inputGate, forgetGate, outputGate, inputActivation, outputActivation, true, forgetBias);
    }

    /**
     * @param bias the value b_f starts at: bias_ih's f block (bias_hh's f block starts at 0)
     * @return with that forget-gate bias
     */
    public LstmVariant forgetBias(double bias) {
        if (!Double.isFinite(bias)) throw new ArgumentException("LSTM: forgetBias must be finite, got " + bias);
        return with("forgetBias", peepholes, inputGate, forgetGate, outputGate, inputActivation, outputActivation, coupled, bias);
    }

    /** @return whether this is PyTorch's LSTM */
    public boolean isStandard() {
        return equals(STANDARD);
    }

    /**
     * The options as a config holds them: only those that differ from PyTorch's LSTM, with the names
     * {@link #fromConfig} reads.
     *
     * @return option name to value
     */
    public Map<String, Object> toConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        if (peepholes) c.put("peepholes", true);
        if (!inputGate) c.put("input_gate", false);
        if (!forgetGate) c.put("forget_gate", false);
        if (!outputGate) c.put("output_gate", false);
        if (!inputActivation) c.put("input_activation", false);
        if (!outputActivation) c.put("output_activation", false);
        if (coupled) c.put("coupled_gates", true);
        if (!Double.isNaN(forgetBias)) c.put("forget_bias", forgetBias);
        return c;
    }

    /** How a config is read: each option by name, with its default when absent. */
    public interface Options {
        /**
         * @param name the option
         * @param fallback its default
         * @return its value
         */
        boolean bool(String name, boolean fallback);

        /**
         * @param name the option
         * @return its value, or NaN when absent
         */
        double number(String name);
    }

    /**
     * @param o the config's options
     * @return the variant they describe
     */
    public static LstmVariant fromConfig(Options o) {
        LstmVariant v = new LstmVariant(o.bool("peepholes", false), o.bool("input_gate", true), o.bool("forget_gate", true),
                o.bool("output_gate", true), o.bool("input_activation", true), o.bool("output_activation", true),
                o.bool("coupled_gates", false), o.number("forget_bias"));
        v.check("the config");
        return v;
    }

    /** @return the gate blocks of the weights, in PyTorch's order i, f, g, o, less those this variant drops */
    public List<String> blocks() {
        List<String> b = new ArrayList<>();
        if (inputGate && !coupled) b.add("i");
        if (forgetGate) b.add("f");
        b.add("g");
        if (outputGate) b.add("o");
        return b;
    }

    /** @return the cell these options define */
    public CellDefinition definition() {
        CellDefinition.Builder b = Gru.builtIn(CellDefinition.builder(isStandard() ? "LSTM" : "LSTM_variant"))
                .gates(blocks().toArray(new String[0])).state("c");
        boolean peepI = peepholes && inputGate && !coupled, peepF = peepholes && forgetGate, peepO = peepholes && outputGate;
        if (peepI) b.parameter("peephole_i");
        if (peepF) b.parameter("peephole_f");
        if (peepO) b.parameter("peephole_o");
        if (!Double.isNaN(forgetBias)) b.initialBias("f", forgetBias);
        return b.step(in -> {
            Expr cPrev = in.state("c");
            Step step;
            Expr f = !forgetGate ? null : peepF ? in.gate("f").add(in.parameter("peephole_f").mul(cPrev)).sigmoid()
                    : in.gate("f").sigmoid();
            Expr i = coupled ? f.oneMinus() : !inputGate ? null
                    : peepI ? in.gate("i").add(in.parameter("peephole_i").mul(cPrev)).sigmoid() : in.gate("i").sigmoid();
            Expr g = inputActivation ? in.gate("g").tanh() : in.gate("g");
            Expr kept = f == null ? cPrev : f.mul(cPrev);
            Expr c = kept.add(i == null ? g : i.mul(g));
            Expr o = !outputGate ? null
                    : peepO ? in.gate("o").add(in.parameter("peephole_o").mul(c)).sigmoid() : in.gate("o").sigmoid();
            Expr out = outputActivation ? c.tanh() : c;
            step = Step.of(o == null ? out : o.mul(out)).state("c", c);
            if (i != null) step.gate("i", i);
            if (f != null) step.gate("f", f);
            step.gate("g", g);
            if (o != null) step.gate("o", o);
            return step;
        }).build();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LstmVariant v && toConfig().equals(v.toConfig());
    }

    @Override
    public int hashCode() {
        return toConfig().hashCode();
    }

    @Override
    public String toString() {
        return isStandard() ? "LSTM" : "LSTM" + toConfig();
    }
}
