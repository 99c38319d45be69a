package dev.gatelab.cell;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.engine.CompiledCell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recurrent cell, defined once: its blocks (the row blocks of weight_ih and weight_hh), its states besides h if it
 * has any, its per-unit parameters and matrices, and its step written with {@link Expr} operations. Everything else follows from
 * this: the fused layer's float32 and float64 kernels and their derivatives (compiled from the step), the one-step
 * cell module (the step on autograd tensors), the names a trace records and the parameters a checkpoint holds.
 *
 * <pre>{@code
 * CellDefinition coupled = CellDefinition.builder("CoupledLSTM")
 *         .blocks("f", "g", "o").state("c")
 *         .step(in -> {
 *             Expr f = in.preActivation("f").sigmoid(), g = in.preActivation("g").tanh(), o = in.preActivation("o").sigmoid();
 *             Expr c = f.mul(in.state("c")).add(f.oneMinus().mul(g));
 *             return Step.of(o.mul(c.tanh())).state("c", c).gate("f", f).gate("g", g).gate("o", o);
 *         })
 *         .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} runs the step once on symbols and refuses, naming it, any block, state or parameter that is
 * declared and unused or used and undeclared. A built definition is registered under its name. A checkpoint of a
 * layer with this cell carries the definition as data ({@link #toData()}) and loads in a JVM that never built it; where
 * one of that name is built, its equations must be the saved ones.
 */
public final class CellDefinition {
    private static final Map<String, CellDefinition> REGISTERED = new ConcurrentHashMap<>();

    private final String name;
    private final List<String> blocks, recurrentBlocks, parameters, matrices;
    /** The states besides h, in declared order: the layers carry them side by side, [batch, states·hidden]. */
    private final List<String> states;
    private final Map<String, Double> initialBias, initialParameters;
    private final StepFunction step;
    private final CompiledCell compiled;
    /** {@link #toData()}, made on first use. */
    private volatile Map<String, Object> data;

    private CellDefinition(Builder b) {
        this.name = b.name;
        this.blocks = List.copyOf(b.blocks);
        this.parameters = List.copyOf(b.parameters);
        this.matrices = List.copyOf(b.matrices);
        this.recurrentBlocks = b.recurrentBlocks == null ? this.blocks : List.copyOf(b.recurrentBlocks);
        this.states = List.copyOf(b.states);
        this.initialBias = Collections.unmodifiableMap(new LinkedHashMap<>(b.initialBias));
        this.initialParameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.initialParameters));
        this.step = b.step;
        this.compiled = CompiledCell.compile(this);
    }

    /** A builder for a cell Gatelab ships: reached through its layer's kind, not registered by name. */
    static Builder builtIn(String name) {
        Builder b = new Builder(name);
        b.register = false;
        return b;
    }

    /**
     * Starts a definition.
     *
     * @param name the cell's name, as configs and checkpoints give it
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A definition built under this name in this JVM: how a checkpoint's config finds its cell.
     *
     * @param name the cell's name
     * @return the definition
     * @throws ArgumentException when no definition of that name has been built
     */
    public static CellDefinition named(String name) {
        CellDefinition d = REGISTERED.get(name);
        if (d == null) {
            throw new ArgumentException("config: field 'cell' names '" + name + "', but no cell of that name is defined"
                    + " in this JVM; run its CellDefinition.builder(\"" + name + "\")…build() first (defined: "
                    + new java.util.TreeSet<>(REGISTERED.keySet()) + ")");
        }
        return d;
    }

    /** @return the cell's name */
    public String name() {
        return name;
    }

    /** @return the blocks in the order of the weight rows */
    public List<String> blocks() {
        return blocks;
    }

    /** @return the per-unit parameters, each [hidden_size] */
    public List<String> parameters() {
        return parameters;
    }

    /** @return the step's matrices, each [hidden_size, hidden_size], in the order they were declared */
    public List<String> matrices() {
        return matrices;
    }

    /**
     * The blocks with a hidden part (rows in weight_hh and bias_hh, in this order): all of them unless the definition
     * says otherwise ({@link Builder#recurrentBlocks}). The multiplicative LSTM's gates see h_{t−1} only through m_t.
     *
     * @return the recurrent blocks, in declaration order
     */
    public List<String> recurrentBlocks() {
        return recurrentBlocks;
    }

    /** @return whether the cell carries a state besides h (the LSTM's c) */
    public boolean hasState() {
        return !states.isEmpty();
    }

    /**
     * The states besides h, in declared order. A layer carries them side by side: c0 and c_n are [layers·directions,
     * batch, states·hidden_size], state k in columns [k·H, (k+1)·H) ({@link dev.gatelab.nn.RecurrentOutput#state}).
     *
     * @return the states' names (["c"] for the LSTM, none for the GRU)
     */
    public List<String> states() {
        return states;
    }

    /** @return the value each block's bias_ih starts at, where it does not start random (bias_hh starts at 0 there) */
    public Map<String, Double> initialBias() {
        return initialBias;
    }

    /**
     * Sets the parameters this cell starts at constants, after they were drawn at random: the blocks of bias_ih given
     * an initial bias (bias_hh's same blocks at 0, so their sum is the value), and the per-unit parameters given an
     * initial value. The layers and the cell modules both start their weights through this.
     *
     * @param params one layer's parameters by name without suffix ("bias_ih", "peephole_f", …); biases may be absent
     * @param hidden hidden_size
     */
    public void startValues(Map<String, Tensor> params, int hidden) {
        Tensor bIh = params.get("bias_ih"), bHh = params.get("bias_hh");
        if (bIh != null) initialBias.forEach((block, value) -> fits(value, bIh, "the start of block '" + block + "' of bias_ih"));
        initialParameters.forEach((p, value) -> fits(value, params.get(p), "the start of parameter '" + p + "'"));
        if (bIh != null) {
            initialBias.forEach((block, value) -> {
                int k = blocks.indexOf(block), r = compiled.hiddenColumn(k);
                for (int j = 0; j < hidden; j++) {
                    bIh.set(k * hidden + j, value);
                    if (r >= 0) bHh.set(r * hidden + j, 0);     // a block with no hidden part has no bias_hh rows
                }
            });
        }
        initialParameters.forEach((name, value) -> params.get(name).fill(value));
    }

    /** @return the per-unit parameters that start at a constant (a layer norm's gains at 1), by name */
    public Map<String, Double> initialParameters() {
        return initialParameters;
    }

    /** @return whether the step reads h_{t−1} itself, besides through W_hh (then h cannot be projected) */
    public boolean readsHidden() {
        return compiled.readsHidden();
    }

    /** @return the names a trace records for each step: the named gates, the state, then "h" */
    public List<String> tracedNames() {
        return compiled.traced().stream().map(TracedValue::name).toList();
    }

    /** @return what each traced value is (gate, candidate, state, output), its activation and its range, in trace order */
    public List<TracedValue> tracedValues() {
        return compiled.traced();
    }

    /**
     * @param name a name from {@link #tracedNames()}
     * @return what it is, its activation and its range
     * @throws ArgumentException naming the traced names, when it is not one
     */
    public TracedValue traced(String name) {
        for (TracedValue v : compiled.traced()) if (v.name().equals(name)) return v;
        throw new ArgumentException("cell " + this.name + ": no traced value '" + name + "'; it traces " + tracedNames());
    }

    /** A start value the tensor's precision cannot hold would become ±Infinity and blame training for it later. */
    private void fits(double value, Tensor into, String what) {
        if (into.dtype() == dev.gatelab.autograd.DType.FLOAT32 && Math.abs(value) > Float.MAX_VALUE) {
            throw new ArgumentException("cell " + name + ": " + what + " is " + value + ", beyond float32's range (±"
                    + Float.MAX_VALUE + "); use a smaller value or dtype(DType.FLOAT64)");
        }
    }

    /** @return the compiled kernels of the step and its derivative */
    public CompiledCell compiled() {
        return compiled;
    }

    /**
     * What a checkpoint pins of its cell: a SHA-256 of the blocks in their order, the state, the per-unit parameters,
     * the traced names and the compiled step and derivative, instruction by instruction. Two definitions with the
     * same fingerprint compute the same function of the same weights; building the same definition again gives the
     * same fingerprint, and a change to any of these gives another.
     *
     * @return 64 hexadecimal digits
     */
    public String fingerprint() {
        // Recurrent blocks and matrices named only where a cell has them, so the cells saved before either existed keep
        // their fingerprints.
        String canonical = "blocks=" + blocks + (recurrentBlocks.equals(blocks) ? "" : "\nrecurrent=" + recurrentBlocks)
                + "\nstate=" + (states.size() > 1 ? states : states.isEmpty() ? null : states.get(0)) + "\nparameters=" + parameters
                + (matrices.isEmpty() ? "" : "\nmatrices=" + matrices) + "\ntraced=" + tracedNames() + "\n" + compiled;
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return the step as defined: the compiler runs it on symbols, a checkpoint records it, autograd runs it on tensors */
    public StepFunction step() {
        return step;
    }

    /**
     * The definition as data, for a checkpoint to carry: blocks, state, parameters, starting values and the step
     * recorded as a list of element-wise operations ({@link DefinitionData}). {@link #fromData} rebuilds it where the
     * code that defined it is absent.
     *
     * @return maps, lists, strings and numbers, as JSON holds them
     */
    public Map<String, Object> toData() {
        Map<String, Object> d = data;
        if (d == null) {
            // Recorded once, and read back once: a step that records other equations than it compiles to (one that
            // catches a refusal, or reads a variable changed since build()) would save a file no other JVM could load.
            d = DefinitionData.of(this);
            if (!DefinitionData.read(d, "cell " + name).fingerprint().equals(fingerprint())) {
                throw new ArgumentException("cell " + name + ": its step, recorded again, gives other equations than it"
                        + " compiled to; a step must be a function of its inputs alone");
            }
            data = d = Collections.unmodifiableMap(d);
        }
        return d;
    }

    /**
     * Rebuilds a definition from {@link #toData()}'s form, checking every field. It is not registered: the names
     * {@link #named} finds are those of cells built by code in this JVM, which a checkpoint's own must agree with.
     *
     * @param data the map, as read from JSON (perhaps from a file someone edited)
     * @param fingerprint the {@link #fingerprint()} saved beside it, which the rebuilt cell must have
     * @param where the field it came from, for messages
     * @return the definition
     * @throws ArgumentException naming the field that is wrong, or saying that the step does not make the saved cell
     */
    public static CellDefinition fromData(Map<String, Object> data, String fingerprint, String where) {
        CellDefinition d = DefinitionData.read(data, where);
        if (!d.fingerprint().equals(fingerprint)) {
            throw new ArgumentException(where + ": the step it describes compiles to a cell with fingerprint "
                    + d.fingerprint().substring(0, 12) + "…, not the saved " + String.valueOf(fingerprint).substring(0,
                    Math.min(12, String.valueOf(fingerprint).length())) + "…; the file was changed after it was saved");
        }
        return d;
    }

    /**
     * @param name a cell's name
     * @return whether a definition of that name has been built in this JVM
     */
    public static boolean isDefined(String name) {
        return REGISTERED.containsKey(name);
    }

    /**
     * The tensors one step of the cell gives, computed op by op with autograd.
     *
     * @param hidden the new h
     * @param state the new states side by side, [batch, states·hidden] (c for an LSTM), or null for a cell without one
     * @param gates every traced value of the step, by name
     */
    public record TensorStep(Tensor hidden, Tensor state, Map<String, Tensor> gates) {}

    /**
     * Runs the step on autograd tensors: the one-step cell module, and the op-by-op reference the fused kernels are
     * tested against.
     *
     * @param inputPart x·W_ihᵀ + b_ih, [batch, blocks·hidden]
     * @param hiddenPart h·W_hhᵀ + b_hh, [batch, blocks·hidden]
     * @param hidden h_{t−1}, [batch, hidden]
     * @param state the previous states side by side, [batch, states·hidden], or null when the cell has none
     * @param params the per-unit parameters and the matrices, by name
     * @return the new hidden state, the new cell state and the named gates
     */
    public TensorStep apply(Tensor inputPart, Tensor hiddenPart, Tensor hidden, Tensor state, Map<String, Tensor> params) {
        TensorExpr.Inputs in = new TensorExpr.Inputs(this, inputPart, hiddenPart, hidden, state, params);
        Step s = step.apply(in);
        Map<String, Tensor> gates = new LinkedHashMap<>();
        s.gates().forEach((k, v) -> gates.put(k, TensorExpr.tensor(v)));
        Tensor[] next = new Tensor[states.size()];
        for (int k = 0; k < next.length; k++) next[k] = TensorExpr.tensor(s.states().get(states.get(k)));
        return new TensorStep(TensorExpr.tensor(s.hidden()), next.length == 0 ? null : next.length == 1 ? next[0]
                : dev.gatelab.autograd.Ops.concat(1, next), gates);
    }

    @Override
    public String toString() {
        return "CellDefinition(" + name + ": blocks " + blocks + (states.isEmpty() ? "" : ", state " + String.join(", ", states))
                + (parameters.isEmpty() ? "" : ", parameters " + parameters) + (matrices.isEmpty() ? "" : ", matrices " + matrices)
                + ", gates " + compiled.gateNames() + ")";
    }

    /** The parts of a definition; {@link #build()} checks them against the step. */
    public static final class Builder {
        private final String name;
        private final List<String> blocks = new ArrayList<>(), parameters = new ArrayList<>(), matrices = new ArrayList<>();
        private final List<String> states = new ArrayList<>();
        private List<String> recurrentBlocks;
        private final Map<String, Double> initialBias = new LinkedHashMap<>(), initialParameters = new LinkedHashMap<>();
        private StepFunction step;
        /** Built-in cells are reached through their layer's kind, not by name. */
        boolean register = true;

        private Builder(String name) {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
                throw new ArgumentException("CellDefinition: name must be a letter then letters, digits or _ (at most 64),"
                        + " got " + (name == null ? "null" : "'" + name + "'"));
            }
            this.name = name;
        }

        private void checkName(String what, String n) {
            if (n == null || !n.matches("[a-z][a-z0-9_]{0,31}")) {
                throw new ArgumentException("CellDefinition " + name + ": " + what + " names must be a lower-case letter then"
                        + " lower-case letters, digits or _, got " + (n == null ? "null" : "'" + n + "'"));
            }
            if (blocks.contains(n) || parameters.contains(n) || matrices.contains(n) || states.contains(n)) {
                throw new ArgumentException("CellDefinition " + name + ": the name '" + n + "' is used twice");
            }
            if (!what.equals("block") && n.equals("h")) {
                throw new ArgumentException("CellDefinition " + name + ": 'h' is the hidden state's name; choose another");
            }
        }

        /**
         * The blocks, in the order of the weight rows: weight_ih and weight_hh get blocks·hidden_size rows, and each
         * block's rows make its pre-activation ({@link StepInputs#preActivation}).
         *
         * @param names one or more block names
         * @return this builder
         */
        public Builder blocks(String... names) {
            for (String n : names) {
                checkName("block", n);
                blocks.add(n);
            }
            return this;
        }

        /**
         * A state besides h, carried from step to step; several calls declare several (the full gate recurrence
         * carries the previous gates). The layers hold them side by side in c0 and c_n, in this order.
         *
         * @param stateName its name ("c")
         * @return this builder
         */
        public Builder state(String stateName) {
            checkName("state", stateName);
            states.add(stateName);
            return this;
        }

        /**
         * A per-unit weight, [hidden_size], initialised U(−1/√H, 1/√H) as the others; saved as {name}_l{k}.
         *
         * @param paramName its name
         * @return this builder
         */
        public Builder parameter(String paramName) {
            checkName("parameter", paramName);
            parameters.add(paramName);
            return this;
        }

        /**
         * A per-unit weight that starts at a constant: a gain at 1, a bias at 0.
         *
         * @param paramName its name
         * @param initial its value in every unit at the start
         * @return this builder
         */
        public Builder parameter(String paramName, double initial) {
            if (!Double.isFinite(initial)) {
                throw new ArgumentException("CellDefinition " + name + ": parameter '" + paramName
                        + "' must start finite, got " + initial);
            }
            parameter(paramName);
            initialParameters.put(paramName, initial);
            return this;
        }

        /**
         * The blocks that have a hidden part, W_hh·h_{t−1} + b_hh: weight_hh and bias_hh get rows for these alone. By
         * default every block has one; a block left out can be read only as its input's part ({@link
         * StepInputs#inputPart}), as the multiplicative LSTM's gates, which see h_{t−1} through m_t.
         *
         * @param names declared blocks, in their declared order
         * @return this builder
         */
        public Builder recurrentBlocks(String... names) {
            List<String> chosen = List.of(names);
            List<String> inOrder = blocks.stream().filter(chosen::contains).toList();
            if (names.length == 0 || !inOrder.equals(chosen)) {
                throw new ArgumentException("CellDefinition " + name + ": recurrentBlocks must be one or more declared blocks"
                        + " " + blocks + " in their order, each once, got " + chosen);
            }
            recurrentBlocks = chosen;
            return this;
        }

        /**
         * A hidden_size × hidden_size weight the step multiplies values by ({@link StepInputs#linear}), initialised
         * U(−1/√H, 1/√H) as the others and saved as {name}_l{k}: the multiplicative LSTM's W_im, or the full gate
         * recurrence's matrices between gates.
         *
         * @param matrixName its name ("weight_im")
         * @return this builder
         */
        public Builder matrix(String matrixName) {
            checkName("matrix", matrixName);
            matrices.add(matrixName);
            return this;
        }

        /**
         * Starts a block's bias at a value instead of at random: bias_ih at {@code value}, bias_hh at 0, so their sum
         * is {@code value} (the forget-gate bias of Jozefowicz et al. 2015 is 1).
         *
         * @param block a declared block
         * @param value its initial bias
         * @return this builder
         */
        public Builder initialBias(String block, double value) {
            if (!blocks.contains(block)) {
                throw new ArgumentException("CellDefinition " + name + ": initialBias for '" + block
                        + "', which is not a declared block " + blocks);
            }
            if (!Double.isFinite(value)) {
                throw new ArgumentException("CellDefinition " + name + ": initialBias of '" + block + "' must be finite, got " + value);
            }
            initialBias.put(block, value);
            return this;
        }

        /**
         * @param function the step
         * @return this builder
         */
        public Builder step(StepFunction function) {
            this.step = Objects.requireNonNull(function, "CellDefinition " + name + ": step function is null");
            return this;
        }

        /**
         * Checks the step against the declarations, compiles it, and registers the definition under its name.
         *
         * @return the definition
         * @throws ArgumentException naming what the step and the declarations disagree on
         */
        public CellDefinition build() {
            if (blocks.isEmpty()) throw new ArgumentException("CellDefinition " + name + ": declare at least one block");
            if (step == null) throw new ArgumentException("CellDefinition " + name + ": no step function; call step(in -> …)");
            CellDefinition d = new CellDefinition(this);
            if (register) REGISTERED.put(name, d);
            return d;
        }
    }
}
