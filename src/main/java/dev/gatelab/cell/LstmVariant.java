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
 * weights). {@link #layerNorm} adds the layer-normalised LSTM of Ba et al. (2016). The paper's full gate recurrence
 * (FGR) is {@link #fullGateRecurrence}, its previous gates carried as states beside c.
 */
public final class LstmVariant {
    // Set only while a variant is made (see with), never after: a variant is a value.
    private boolean peepholes, inputGate = true, forgetGate = true, outputGate = true, inputActivation = true,
            outputActivation = true, coupled, layerNorm, fullGateRecurrence;
    private double forgetBias = Double.NaN;
    /** The compiled definition, made on first use: compiling runs the step on symbols and derives its backward. */
    private volatile CellDefinition definition;

    /** PyTorch's LSTM. */
    public static final LstmVariant STANDARD = new LstmVariant();

    private LstmVariant() {}

    /** This variant with one option changed, checked against the others. */
    private LstmVariant with(String option, java.util.function.Consumer<LstmVariant> change) {
        LstmVariant v = new LstmVariant();
        v.peepholes = peepholes;
        v.inputGate = inputGate;
        v.forgetGate = forgetGate;
        v.outputGate = outputGate;
        v.inputActivation = inputActivation;
        v.outputActivation = outputActivation;
        v.coupled = coupled;
        v.layerNorm = layerNorm;
        v.fullGateRecurrence = fullGateRecurrence;
        v.forgetBias = forgetBias;
        change.accept(v);
        v.check(option);
        return v;
    }

    private void check(String option) {
        if (coupled && !inputGate) conflict(option, "coupledGates (i = 1 − f) and withoutInputGate (i = 1)");
        if (coupled && !forgetGate) conflict(option, "coupledGates (i = 1 − f) and withoutForgetGate (f = 1)");
        if (!Double.isNaN(forgetBias) && !forgetGate) conflict(option, "forgetBias and withoutForgetGate");
        if (fullGateRecurrence && recurrentGates().isEmpty()) {
            conflict(option, "fullGateRecurrence (among the gates i, f, o) and a variant without any of them");
        }
    }

    private static void conflict(String option, String which) {
        throw new ArgumentException("LSTM: " + option + " conflicts with an option already set: " + which
                + " cannot both hold");
    }

    /** @return with peephole connections from the cell state to i, f and o */
    public LstmVariant peepholes() {
        return with("peepholes", v -> v.peepholes = true);
    }

    /** @return with i = 1 */
    public LstmVariant withoutInputGate() {
        return with("withoutInputGate", v -> v.inputGate = false);
    }

    /** @return with f = 1 */
    public LstmVariant withoutForgetGate() {
        return with("withoutForgetGate", v -> v.forgetGate = false);
    }

    /** @return with o = 1 */
    public LstmVariant withoutOutputGate() {
        return with("withoutOutputGate", v -> v.outputGate = false);
    }

    /** @return with g = z_g */
    public LstmVariant withoutInputActivation() {
        return with("withoutInputActivation", v -> v.inputActivation = false);
    }

    /** @return with h = o ⊙ c */
    public LstmVariant withoutOutputActivation() {
        return with("withoutOutputActivation", v -> v.outputActivation = false);
    }

    /** @return with i = 1 − f */
    public LstmVariant coupledGates() {
        return with("coupledGates", v -> v.coupled = true);
    }

    /**
     * Layer normalisation (Ba, Kiros and Hinton 2016), per block: each block's pre-activation is
     * LN(W_i· x)·γ_x + LN(W_h· h)·γ_h + β, and the output is o ⊙ tanh(LN(c)·γ_c + β_c). The gains γ start at 1 and
     * the biases β at 0 (parameters ln_input_{block}, ln_hidden_{block}, ln_bias_{block}, ln_cell_gain, ln_cell_bias);
     * β takes the place of bias_ih and bias_hh, which a normalisation would cancel, so the layer is built without
     * them. Ba et al. normalise the four blocks together; here each block is normalised over its own units.
     *
     * <p>With {@link #peepholes} too, a peephole term is added after the normalisation, unnormalised: i = σ(ẑ_i + p_i ⊙
     * c_{t−1}), f = σ(ẑ_f + p_f ⊙ c_{t−1}), o = σ(ẑ_o + p_o ⊙ c_t), where ẑ is the normalised pre-activation above and
     * c the cell state itself, not LN(c), which only the output h = o ⊙ tanh(LN(c)·γ_c + β_c) reads. Ba et al. have no
     * peepholes; this keeps each peephole the per-unit weight on the cell state that Greff et al. define.
     *
     * @return with layer normalisation
     */
    public LstmVariant layerNorm() {
        return with("layerNorm", v -> v.layerNorm = true);
    }

    /**
     * Greff et al.'s full gate recurrence (FGR): every gate also reads every gate's value at the previous step through a
     * matrix of its own, i = σ(z_i + R_ii i_{t−1} + R_if f_{t−1} + R_io o_{t−1} [+ p_i ⊙ c_{t−1}]), and f and o
     * alike: nine hidden × hidden matrices among i, f and o (four with coupledGates, whose i is 1 − f), named
     * recurrent_{to}_from_{from} ("recurrent_i_from_f"). The previous gates are states the layer carries beside c:
     * c0 and c_n hold c, i_prev, f_prev and o_prev side by side ({@code RecurrentOutput.state("c")} picks c).
     *
     * @return with the full gate recurrence
     */
    public LstmVariant fullGateRecurrence() {
        return with("fullGateRecurrence", v -> v.fullGateRecurrence = true);
    }

    /** The sigmoid gates with weights of their own, which the full gate recurrence connects: i, f and o, as present. */
    private List<String> recurrentGates() {
        List<String> g = new ArrayList<>();
        if (inputGate && !coupled) g.add("i");
        if (forgetGate) g.add("f");
        if (outputGate) g.add("o");
        return g;
    }

    /** @return whether the variant normalises its gates, and so has no bias_ih and bias_hh */
    public boolean hasLayerNorm() {
        return layerNorm;
    }

    /**
     * @param bias the value b_f starts at: bias_ih's f block (bias_hh's f block starts at 0), or ln_bias_f with
     *     layerNorm
     * @return with that forget-gate bias
     */
    public LstmVariant forgetBias(double bias) {
        if (!Double.isFinite(bias)) throw new ArgumentException("LSTM: forgetBias must be finite, got " + bias);
        return with("forgetBias", v -> v.forgetBias = bias);
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
        if (layerNorm) c.put("layer_norm", true);
        if (fullGateRecurrence) c.put("full_gate_recurrence", true);
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
        return STANDARD.with("the config", v -> {
            v.peepholes = o.bool("peepholes", false);
            v.inputGate = o.bool("input_gate", true);
            v.forgetGate = o.bool("forget_gate", true);
            v.outputGate = o.bool("output_gate", true);
            v.inputActivation = o.bool("input_activation", true);
            v.outputActivation = o.bool("output_activation", true);
            v.coupled = o.bool("coupled_gates", false);
            v.layerNorm = o.bool("layer_norm", false);
            v.fullGateRecurrence = o.bool("full_gate_recurrence", false);
            v.forgetBias = o.number("forget_bias");
        });
    }

    /** @return the blocks of the weights, in PyTorch's order i, f, g, o, less those this variant drops */
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
        CellDefinition d = definition;
        if (d == null) definition = d = compile();     // two threads may both compile once: the results are equal
        return d;
    }

    private CellDefinition compile() {
        CellDefinition.Builder b = CellDefinition.builtIn(isStandard() ? "LSTM" : "LSTM_variant")
                .blocks(blocks().toArray(new String[0])).state("c");
        boolean peepI = peepholes && inputGate && !coupled, peepF = peepholes && forgetGate, peepO = peepholes && outputGate;
        List<String> fgr = fullGateRecurrence ? recurrentGates() : List.of();
        for (String gate : fgr) b.state(gate + "_prev");
        if (peepI) b.parameter("peephole_i");
        if (peepF) b.parameter("peephole_f");
        if (peepO) b.parameter("peephole_o");
        if (layerNorm) {
            for (String block : blocks()) {
                b.parameter("ln_input_" + block, 1).parameter("ln_hidden_" + block, 1)
                        .parameter("ln_bias_" + block, block.equals("f") && !Double.isNaN(forgetBias) ? forgetBias : 0);
            }
            b.parameter("ln_cell_gain", 1).parameter("ln_cell_bias", 0);
        } else if (!Double.isNaN(forgetBias)) {
            b.initialBias("f", forgetBias);
        }
        for (String to : fgr) for (String from : fgr) b.matrix("recurrent_" + to + "_from_" + from);
        return b.step(in -> {
            // A block's pre-activation: the two parts summed, or each normalised, scaled, and summed with its bias.
            java.util.function.Function<String, Expr> z = block -> !layerNorm ? in.preActivation(block)
                    : in.inputPart(block).layerNorm().mul(in.parameter("ln_input_" + block))
                            .add(in.hiddenPart(block).layerNorm().mul(in.parameter("ln_hidden_" + block)))
                            .add(in.parameter("ln_bias_" + block));
            // A gate's pre-activation, with the full gate recurrence's terms R_{to,from} g_{t−1} where it is on.
            java.util.function.Function<String, Expr> zg = gate -> {
                Expr e = z.apply(gate);
                for (String from : fgr) e = e.add(in.linear("recurrent_" + gate + "_from_" + from, in.state(from + "_prev")));
                return e;
            };
            Expr cPrev = in.state("c");
            Expr f = !forgetGate ? null : peepF ? zg.apply("f").add(in.parameter("peephole_f").mul(cPrev)).sigmoid()
                    : zg.apply("f").sigmoid();
            Expr i = coupled ? f.oneMinus() : !inputGate ? null
                    : peepI ? zg.apply("i").add(in.parameter("peephole_i").mul(cPrev)).sigmoid() : zg.apply("i").sigmoid();
            Expr g = inputActivation ? z.apply("g").tanh() : z.apply("g");
            Expr kept = f == null ? cPrev : f.mul(cPrev);
            Expr c = kept.add(i == null ? g : i.mul(g));
            Expr o = !outputGate ? null
                    : peepO ? zg.apply("o").add(in.parameter("peephole_o").mul(c)).sigmoid() : zg.apply("o").sigmoid();
            Expr shown = !layerNorm ? c : c.layerNorm().mul(in.parameter("ln_cell_gain")).add(in.parameter("ln_cell_bias"));
            Expr out = outputActivation ? shown.tanh() : shown;
            Step step = Step.of(o == null ? out : o.mul(out)).state("c", c);
            if (i != null) step.gate("i", i);
            if (f != null) step.gate("f", f);
            step.gate("g", g);
            if (o != null) step.gate("o", o);
            Map<String, Expr> gates = Map.of("i", i == null ? g : i, "f", f == null ? g : f, "o", o == null ? g : o);
            for (String gate : fgr) step.state(gate + "_prev", gates.get(gate));
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
