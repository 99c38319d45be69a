package dev.gatelab.engine;

import dev.gatelab.ArgumentException;
import dev.gatelab.cell.CellDefinition;
import dev.gatelab.cell.Expr;
import dev.gatelab.cell.Step;
import dev.gatelab.cell.StepInputs;
import dev.gatelab.cell.TracedValue;
import dev.gatelab.kernel.ElementOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cell's step and its derivative as two lists of element-wise instructions, made from one symbolic run of the step
 * function: forward from the gate pre-activations to the new states, backward by reverse-mode differentiation of the
 * same nodes (each operation's derivative is in one method, {@code Compilation.propagate}). A {@link CellStep} runs them over a block of rows.
 *
 * <p>Backward needs some forward values (the gates, tanh c, …): exactly those are kept per step, in the "saved"
 * buffer, whose row holds {@link #savedWidth()} blocks of hidden_size. Everything else lives in scratch rows that are
 * reused as soon as their last reader has run.
 */
public final class CompiledCell {
    /**
     * The row buffers a step reads and writes, each [rows, width·hidden_size]: {@link CellStep#bind} says which tensor
     * each one is for the step at hand. Widths: the input's part and its gradient blocks(), the hidden state's part
     * and its gradient recurrentBlocks(), GRAD_PARAMETERS one block per parameter, GRAD_PRODUCTS and PRODUCT_INPUTS one
     * per product, the states and their gradients one per state, the others one. SAVED and SCRATCH are [blocks][rows][hidden_size] instead: each block one run.
     */
    public enum Buffer {
        /** x·W_ihᵀ + b_ih of the step, every block */
        INPUT_PART,
        /** h_{t−1}·W_hhᵀ + b_hh, every block */
        HIDDEN_PART,
        /** h_{t−1} */
        H_PREV,
        /** the previous cell state */
        STATE_PREV,
        /** the forward values backward and traces read, kept per step */
        SAVED,
        /** the new cell state */
        STATE,
        /** the new hidden state, before any projection */
        HIDDEN,
        /** the step's own temporaries */
        SCRATCH,
        /** a per-unit parameter, the same row for every sample; column = which parameter */
        PARAMETER,
        /** the gradient at the new hidden state (before any projection) */
        GRAD_HIDDEN,
        /** the gradient at the new cell state from the steps after */
        GRAD_STATE_NEXT,
        /** the gradient at the input's part, written into the sequence-long array */
        GRAD_INPUT_PART,
        /** the gradient at the hidden state's part */
        GRAD_HIDDEN_PART,
        /** the gradient at the previous cell state */
        GRAD_STATE_PREV,
        /** the gradient at h_{t−1} that does not go through W_hh */
        GRAD_H_PREV,
        /** each step's per-sample gradients of the parameters, summed over samples and steps at the end */
        GRAD_PARAMETERS,
        /** each step's gradient at each product's result, one block per product: with PRODUCT_INPUTS, the matrices' */
        GRAD_PRODUCTS,
        /** each step's operand of each product, one block per product: dW = Σ GRAD_PRODUCTSᵀ · PRODUCT_INPUTS */
        PRODUCT_INPUTS
    }

    /**
     * A block of hidden_size columns in a buffer's row.
     *
     * @param buffer the buffer
     * @param column the block, in units of hidden_size
     */
    public record Loc(Buffer buffer, int column) {}

    /** @return the parameters, one block of the GRAD_PARAMETERS row each */
    public int parameters() {
        return parameters;
    }

    /**
     * One instruction: the element-wise op out = op(a, b), or (op null) a product by the step's matrix W, out = a·Wᵀ
     * in forward and out = a·W ({@code transposed}) in backward. A layer normalisation also has {@code stats}, a block
     * whose first unit holds each row's 1/σ: LAYER_NORM writes it, LAYER_NORM_GRAD reads it beside the normalised
     * values (b), so backward needs neither the input nor its mean again.
     */
    record Instruction(ElementOp op, Loc out, Loc a, Loc b, int matrix, boolean transposed, Loc stats) {
        Instruction(ElementOp op, Loc out, Loc a, Loc b) {
            this(op, out, a, b, -1, false, null);
        }

        static Instruction product(int matrix, boolean transposed, Loc out, Loc a) {
            return new Instruction(null, out, a, null, matrix, transposed, null);
        }

        boolean isProduct() {
            return matrix >= 0;
        }

        /** The element-wise form as it always read: a fingerprint is a hash of these lines. */
        @Override
        public String toString() {
            if (!isProduct()) {
                return "Instruction[op=" + op + ", out=" + out + ", a=" + a + ", b=" + b + (stats == null ? "" : ", stats=" + stats) + "]";
            }
            return "Instruction[linear=" + matrix + (transposed ? ", transposed" : "") + ", out=" + out + ", a=" + a + "]";
        }
    }

    private final String name;
    private final int blocks, parameters, matrices, states;
    private final List<String> stateNames;
    /** Each block's column in the hidden state's part, or −1 for a block whose hidden part the step never reads. */
    private final int[] hiddenColumn;
    private int recurrentBlocks;
    /** The matrix of each product, in the order the step makes them. */
    private final List<Integer> productMatrix = new ArrayList<>();
    private final List<Instruction> forward = new ArrayList<>(), backward = new ArrayList<>();
    private int savedWidth, forwardScratch, backwardScratch;
    private final Map<String, Loc> gates = new LinkedHashMap<>();
    /** Where each named gate is when the step's later instructions read it, and the instruction that writes it. */
    private final Map<String, Written> written = new LinkedHashMap<>();
    private final List<TracedValue> traced = new ArrayList<>();
    private boolean readsHidden, sharedGateGradient;

    private CompiledCell(CellDefinition def) {
        this.name = def.name();
        this.blocks = def.blocks().size();
        this.parameters = def.parameters().size();
        this.matrices = def.matrices().size();
        this.states = def.states().size();
        this.stateNames = def.states();
        this.hiddenColumn = new int[blocks];
        for (int k = 0; k < blocks; k++) {
            hiddenColumn[k] = def.recurrentBlocks().indexOf(def.blocks().get(k));
            if (hiddenColumn[k] >= 0) recurrentBlocks++;
        }
    }

    // ---------------------------------------------------------------- what the layer asks

    /** @return the cell's name */
    public String name() {
        return name;
    }

    /** @return the blocks, rows of the weights in units of hidden_size */
    public int blocks() {
        return blocks;
    }

    /** @return how many blocks have a hidden part: weight_hh's rows in units of hidden_size */
    public int recurrentBlocks() {
        return recurrentBlocks;
    }

    /**
     * @param block a block's index
     * @return its column in the hidden state's part, or −1 when the step never reads its hidden part
     */
    public int hiddenColumn(int block) {
        return hiddenColumn[block];
    }

    /** @return the states besides h: blocks of STATE_PREV, STATE and their gradients */
    public int states() {
        return states;
    }

    /** @return the step's matrices, each hidden_size × hidden_size */
    public int matrices() {
        return matrices;
    }

    /** @return the products the step computes: one block each of GRAD_PRODUCTS and PRODUCT_INPUTS */
    public int products() {
        return productMatrix.size();
    }

    /**
     * @param product a product, 0 to products() − 1
     * @return the matrix it multiplies by
     */
    public int productMatrix(int product) {
        return productMatrix.get(product);
    }

    /** @return the blocks of hidden_size each step keeps for backward and traces */
    public int savedWidth() {
        return savedWidth;
    }

    /** @return blocks of scratch a step needs */
    public int scratchWidth() {
        return Math.max(forwardScratch, backwardScratch);
    }

    /** @return the named gates, in the order the step names them */
    public List<String> gateNames() {
        return List.copyOf(gates.keySet());
    }

    /**
     * Where a named gate is after a forward step: a column block of the saved buffer, the state or the hidden state.
     *
     * @param gate a name from {@link #gateNames()}
     * @return 'saved', 'state' or 'hidden', and the block
     */
    public Loc gate(String gate) {
        return gates.get(gate);
    }

    /**
     * Where a named gate or a state is after a forward step: the gate's place ({@link #gate}), or the state's block.
     *
     * @param name a gate the step names, or one of the cell's states
     * @return its place, or null for another name
     */
    public Loc after(String name) {
        if (gates.containsKey(name)) return gates.get(name);
        int k = stateNames.indexOf(name);
        return k < 0 ? null : new Loc(Buffer.STATE, k);
    }

    /**
     * Where a named gate's value is while the rest of the step reads it: a buffer block, and the index of the forward
     * instruction after which it holds the value (−1 for a gate part read as it is, before the first instruction).
     * An intervention overwrites it there, so that everything after it in the step sees the new value.
     *
     * @param buffer where the value is
     * @param column its block
     * @param after the forward instruction that writes it, or −1
     */
    public record Written(Buffer buffer, int column, int after) {}

    /**
     * @param name a name from {@link #gateNames()}, or the cell's state
     * @return where the step's later instructions read it, or null for another name
     */
    public Written written(String name) {
        return written.get(name);
    }

    /** @return what each traced value is and the range its equations allow: the named gates, the state, then h */
    public List<TracedValue> traced() {
        return Collections.unmodifiableList(traced);
    }

    /** @return whether the step reads h_{t−1} itself, so backward has a gradient at it besides W_hh's */
    public boolean readsHidden() {
        return readsHidden;
    }

    /**
     * @return whether the gradients at the input's and the hidden state's parts are the same (every block is used as
     *     their sum): then a layer keeps one array of them, not two
     */
    public boolean sharedGateGradient() {
        return sharedGateGradient;
    }

    List<Instruction> forward() {
        return forward;
    }

    List<Instruction> backward() {
        return backward;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CompiledCell(" + name + ", saved " + savedWidth + ")\n forward:\n");
        for (Instruction i : forward) sb.append("  ").append(i).append('\n');
        sb.append(" backward:\n");
        for (Instruction i : backward) sb.append("  ").append(i).append('\n');
        return sb.toString();
    }

    // ---------------------------------------------------------------- compiling

    /** The symbolic run's inputs: leaves of the graph, checked against the declarations. */
    private static final class Symbols implements StepInputs {
        final Graph graph;
        final CellDefinition def;

        Symbols(Graph graph, CellDefinition def) {
            this.graph = graph;
            this.def = def;
        }

        private int block(String name) {
            int k = def.blocks().indexOf(name);
            if (k < 0) throw new ArgumentException("cell " + def.name() + ": the step reads block '" + name
                    + "', which is not declared; declared " + def.blocks());
            return k;
        }

        /** A block whose hidden part the step reads: one with rows in weight_hh. */
        private int recurrentBlock(String name, String what) {
            int k = block(name);
            if (!def.recurrentBlocks().contains(name)) {
                throw new ArgumentException("cell " + def.name() + ": the step reads " + what + " of block '" + name
                        + "', which has no hidden part: the recurrent blocks are " + def.recurrentBlocks());
            }
            return k;
        }

        @Override
        public Expr preActivation(String block) {
            return graph.leaf(Node.Kind.PRE_ACTIVATION, recurrentBlock(block, "the pre-activation"));
        }

        @Override
        public Expr inputPart(String block) {
            return graph.leaf(Node.Kind.INPUT_PART, block(block));
        }

        @Override
        public Expr hiddenPart(String block) {
            return graph.leaf(Node.Kind.HIDDEN_PART, recurrentBlock(block, "the hidden part"));
        }

        @Override
        public Expr state(String stateName) {
            int k = def.states().indexOf(stateName);
            if (k < 0) {
                throw new ArgumentException("cell " + def.name() + ": the step reads state '" + stateName + "', but "
                        + (def.hasState() ? "the declared states are " + def.states() : "no state is declared"));
            }
            return graph.leaf(Node.Kind.STATE, k);
        }

        @Override
        public Expr hidden() {
            return graph.leaf(Node.Kind.HIDDEN, 0);
        }

        @Override
        public Expr parameter(String paramName) {
            int p = def.parameters().indexOf(paramName);
            if (p < 0) throw new ArgumentException("cell " + def.name() + ": the step reads parameter '" + paramName
                    + "', which is not declared; declared " + def.parameters());
            return graph.leaf(Node.Kind.PARAMETER, p);
        }

        @Override
        public Expr linear(String matrix, Expr x) {
            int m = def.matrices().indexOf(matrix);
            if (m < 0) throw new ArgumentException("cell " + def.name() + ": the step multiplies by matrix '" + matrix
                    + "', which is not declared; declared " + def.matrices());
            if (!(x instanceof Node n) || n.graph != graph) {
                throw new ArgumentException("cell " + def.name() + ": linear(\"" + matrix + "\", x) needs a value of this step, got " + x);
            }
            return graph.product(Node.Kind.PRODUCT, m, n);
        }
    }

    /**
     * Compiles a definition: runs its step once on symbols, checks it against the declarations, differentiates it and
     * places both programs' values. {@link CellDefinition} calls this once, when it is built.
     *
     * @param def the definition
     * @return its compiled step
     * @throws dev.gatelab.ArgumentException naming what the step and the declarations disagree on
     */
    public static CompiledCell compile(CellDefinition def) {
        CompiledCell cell = new CompiledCell(def);
        Graph graph = new Graph(def.name());
        Step step = def.step().apply(new Symbols(graph, def));
        if (step == null) throw new ArgumentException("cell " + def.name() + ": the step function returned null");
        Node hidden = own(graph, step.hidden(), "the new hidden state");
        for (String s : step.states().keySet()) {
            if (!def.states().contains(s)) {
                throw new ArgumentException("cell " + def.name() + ": the step returns state '" + s + "', which is not declared");
            }
        }
        List<Node> states = new ArrayList<>();
        for (String s : def.states()) {
            if (!step.states().containsKey(s)) {
                throw new ArgumentException("cell " + def.name() + ": the step does not return the new value of state '"
                        + s + "'; end it with .state(\"" + s + "\", …)");
            }
            states.add(own(graph, step.states().get(s), "state '" + s + "'"));
        }
        Map<String, Node> named = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> e : step.gates().entrySet()) {
            if (e.getKey().equals("h") || def.states().contains(e.getKey())) {
                throw new ArgumentException("cell " + def.name() + ": gate name '" + e.getKey() + "' is taken by the "
                        + (e.getKey().equals("h") ? "hidden state" : "state of that name") + ", which traces record anyway");
            }
            named.put(e.getKey(), own(graph, e.getValue(), "gate '" + e.getKey() + "'"));
        }
        new Compilation(cell, def, graph, hidden, states, named).run();
        Ranges ranges = new Ranges();
        named.forEach((gate, n) -> {
            TracedValue.Activation act = Ranges.activation(n);
            TracedValue.Role role = act == TracedValue.Activation.SIGMOID ? TracedValue.Role.GATE : TracedValue.Role.CANDIDATE;
            cell.traced.add(traced(gate, role, n, ranges));
        });
        for (int k = 0; k < states.size(); k++) {
            cell.traced.add(traced(def.states().get(k), TracedValue.Role.STATE, states.get(k), ranges));
        }
        cell.traced.add(traced("h", TracedValue.Role.OUTPUT, hidden, ranges));
        return cell;
    }

    private static TracedValue traced(String name, TracedValue.Role role, Node n, Ranges ranges) {
        double[] r = ranges.of(n);
        return new TracedValue(name, role, Ranges.activation(n), r[0], r[1]);
    }

    private static Node own(Graph graph, Expr e, String what) {
        if (e instanceof Node n && n.graph == graph) return n;
        throw new ArgumentException("cell " + graph.cellName + ": " + what + " is not a value of this step");
    }

    /** One compilation: differentiation, then locations and instructions for both programs. */
    private static final class Compilation {
        final CompiledCell cell;
        final CellDefinition def;
        final Graph graph;
        final Node hidden;
        /** The new value of each state, in declared order. */
        final List<Node> states;
        final Map<String, Node> named;
        final Map<Node, Node> adjoint = new HashMap<>();
        /** Forward nodes that backward reads, or that traces read: kept in the saved buffer per step. */
        final Set<Node> kept = new HashSet<>();
        /** Where forward wrote each node; backward reads a kept node at keptAt. */
        final Map<Node, Loc> at = new HashMap<>(), keptAt = new HashMap<>();
        /** Where each layer normalisation keeps its rows' 1/σ: the first unit of a saved block. */
        final Map<Node, Loc> statsAt = new HashMap<>();

        Compilation(CompiledCell cell, CellDefinition def, Graph graph, Node hidden, List<Node> states, Map<String, Node> named) {
            this.cell = cell;
            this.def = def;
            this.graph = graph;
            this.hidden = hidden;
            this.states = states;
            this.named = named;
        }

        void run() {
            List<Node> live = reachable(forwardRoots());
            checkEveryDeclarationIsUsed(live);
            Map<Loc, Node> outputs = differentiate(live);
            placeForward(live);
            emitBackward(outputs);
        }

        List<Node> forwardRoots() {
            List<Node> roots = new ArrayList<>(List.of(hidden));
            roots.addAll(states);
            roots.addAll(named.values());
            return roots;
        }

        /** The nodes the roots depend on, in graph order. */
        List<Node> reachable(List<Node> roots) {
            Set<Node> seen = new HashSet<>();
            List<Node> stack = new ArrayList<>(roots);
            while (!stack.isEmpty()) {
                Node n = stack.remove(stack.size() - 1);
                if (!seen.add(n)) continue;
                if (n.a != null) stack.add(n.a);
                if (n.b != null) stack.add(n.b);
            }
            List<Node> ordered = new ArrayList<>(seen);
            ordered.sort((x, y) -> Integer.compare(x.id, y.id));
            return ordered;
        }

        void checkEveryDeclarationIsUsed(List<Node> live) {
            boolean[] block = new boolean[def.blocks().size()], param = new boolean[def.parameters().size()],
                    matrix = new boolean[def.matrices().size()], read = new boolean[def.blocks().size()];
            boolean[] stateRead = new boolean[def.states().size()];
            for (Node n : live) {
                switch (n.kind) {
                    case PRE_ACTIVATION, HIDDEN_PART -> block[n.index] = read[n.index] = true;
                    case INPUT_PART -> block[n.index] = true;
                    case PARAMETER -> param[n.index] = true;
                    case PRODUCT -> matrix[n.index] = true;
                    case STATE -> stateRead[n.index] = true;
                    case HIDDEN -> cell.readsHidden = true;
                    default -> { }
                }
            }
            cell.sharedGateGradient = live.stream().noneMatch(n -> n.kind == Node.Kind.INPUT_PART || n.kind == Node.Kind.HIDDEN_PART);
            for (int k = 0; k < block.length; k++) {
                if (!block[k]) throw new ArgumentException("cell " + def.name() + ": block '" + def.blocks().get(k)
                        + "' is declared but the step's results do not depend on it; drop it from blocks(…)");
            }
            for (int p = 0; p < param.length; p++) {
                if (!param[p]) throw new ArgumentException("cell " + def.name() + ": parameter '" + def.parameters().get(p)
                        + "' is declared but the step's results do not depend on it");
            }
            for (int m = 0; m < matrix.length; m++) {
                if (!matrix[m]) throw new ArgumentException("cell " + def.name() + ": matrix '" + def.matrices().get(m)
                        + "' is declared but the step's results do not depend on it");
            }
            // Declared recurrent blocks (other than all, the default) are declarations like any other: each must be read.
            if (!def.recurrentBlocks().equals(def.blocks())) {
                for (int k = 0; k < read.length; k++) {
                    if (cell.hiddenColumn[k] >= 0 && !read[k]) {
                        throw new ArgumentException("cell " + def.name() + ": block '" + def.blocks().get(k) + "' is declared"
                                + " recurrent but the step never reads its hidden part; drop it from recurrentBlocks(…)");
                    }
                }
            }
            for (Node n : live) if (n.kind == Node.Kind.PRODUCT) cell.productMatrix.add(n.index);
            for (int k = 0; k < stateRead.length; k++) {
                if (!stateRead[k]) throw new ArgumentException("cell " + def.name() + ": the new state '" + def.states().get(k)
                        + "' never reads its previous value; a state that is not carried is not a state");
            }
        }

        // ------------------------------------------------------------ backward, symbolically

        private void accumulate(Node n, Node gradient) {
            adjoint.merge(n, gradient, (old, more) -> graph.op(ElementOp.ADD, old, more));
        }

        /** A forward value backward reads. */
        private Node value(Node n) {
            kept.add(n);
            return n;
        }

        /** The derivative of each operation: its adjoint a carried to its operands. */
        private void propagate(Node n, Node a) {
            if (n.kind == Node.Kind.PRODUCT) {
                // d(x·Wᵀ) = dy·W at x; dW = Σ dyᵀ·x over rows and steps, which the layer sums at the end.
                accumulate(n.a, graph.product(Node.Kind.PRODUCT_T, n.index, a));
                return;
            }
            switch (n.op) {
                case ADD -> {
                    accumulate(n.a, a);
                    accumulate(n.b, a);
                }
                case SUB -> {
                    accumulate(n.a, a);
                    accumulate(n.b, graph.op(ElementOp.NEG, a, null));
                }
                case MUL -> {
                    accumulate(n.a, graph.op(ElementOp.MUL, a, value(n.b)));
                    accumulate(n.b, graph.op(ElementOp.MUL, a, value(n.a)));
                }
                case NEG, ONE_MINUS -> accumulate(n.a, graph.op(ElementOp.NEG, a, null));
                case SIGMOID -> accumulate(n.a, graph.op(ElementOp.SIGMOID_GRAD, a, value(n)));
                case TANH -> accumulate(n.a, graph.op(ElementOp.TANH_GRAD, a, value(n)));
                case RELU -> accumulate(n.a, graph.op(ElementOp.RELU_GRAD, a, value(n)));
                case LAYER_NORM -> {
                    // From the normalised values and each row's 1/σ, both kept: the input and its mean are not needed.
                    accumulate(n.a, graph.op(ElementOp.LAYER_NORM_GRAD, a, value(n)));
                }
                default -> throw new IllegalStateException("no derivative for " + n.op);
            }
        }

        /** Reverse mode over the live nodes; returns each gradient the layer reads and the node that computes it. */
        Map<Loc, Node> differentiate(List<Node> live) {
            graph.differentiating = true;
            adjoint.put(hidden, graph.leaf(Node.Kind.GRAD_HIDDEN, 0));
            for (int k = 0; k < states.size(); k++) accumulate(states.get(k), graph.leaf(Node.Kind.GRAD_STATE, k));
            for (int i = live.size() - 1; i >= 0; i--) {
                Node n = live.get(i);
                Node a = adjoint.get(n);
                if (a != null && !n.isLeaf()) propagate(n, a);
            }
            Map<Loc, Node> outputs = new LinkedHashMap<>();
            for (int k = 0; k < cell.blocks; k++) {
                Node sum = adjointOf(Node.Kind.PRE_ACTIVATION, k);
                Node x = combine(sum, adjointOf(Node.Kind.INPUT_PART, k));
                outputs.put(new Loc(Buffer.GRAD_INPUT_PART, k), x);
                if (!cell.sharedGateGradient && cell.hiddenColumn[k] >= 0) {
                    outputs.put(new Loc(Buffer.GRAD_HIDDEN_PART, cell.hiddenColumn[k]),
                            combine(sum, adjointOf(Node.Kind.HIDDEN_PART, k)));
                }
            }
            int product = 0;
            for (Node n : live) {
                if (n.kind != Node.Kind.PRODUCT) continue;
                outputs.put(new Loc(Buffer.GRAD_PRODUCTS, product), adjoint.get(n));
                outputs.put(new Loc(Buffer.PRODUCT_INPUTS, product++), value(n.a));
            }
            for (int k = 0; k < states.size(); k++) outputs.put(new Loc(Buffer.GRAD_STATE_PREV, k), adjointOf(Node.Kind.STATE, k));
            // Only a step that reads h_{t−1} has a gradient at it of its own; the layer zeroes that buffer otherwise.
            if (cell.readsHidden) outputs.put(new Loc(Buffer.GRAD_H_PREV, 0), adjointOf(Node.Kind.HIDDEN, 0));
            for (int p = 0; p < cell.parameters; p++) {
                outputs.put(new Loc(Buffer.GRAD_PARAMETERS, p), adjointOf(Node.Kind.PARAMETER, p));
            }
            return outputs;
        }

        /** The gradient at a leaf of the step, or null when the step never read it. */
        private Node adjointOf(Node.Kind kind, int index) {
            Node leaf = graph.existingLeaf(kind, index);
            return leaf == null ? null : adjoint.get(leaf);
        }

        private Node combine(Node a, Node b) {
            return a == null ? b : b == null ? a : graph.op(ElementOp.ADD, a, b);
        }

        // ------------------------------------------------------------ forward instructions

        void placeForward(List<Node> live) {
            kept.addAll(named.values());
            Set<Node> fused = sumsFusedIntoActivations(live);
            Map<Node, List<Node>> reads = new HashMap<>();
            for (Node n : live) reads.put(n, fused.contains(n) ? List.of() : operandsAfterFusion(n, fused));
            Scratch scratch = new Scratch(live, reads);
            for (Node n : live) {
                if (fused.contains(n)) continue;
                switch (n.kind) {
                    case INPUT_PART -> at.put(n, new Loc(Buffer.INPUT_PART, n.index));
                    case HIDDEN_PART -> at.put(n, new Loc(Buffer.HIDDEN_PART, cell.hiddenColumn[n.index]));
                    case STATE -> at.put(n, new Loc(Buffer.STATE_PREV, n.index));
                    case HIDDEN -> at.put(n, new Loc(Buffer.H_PREV, 0));
                    case PARAMETER -> at.put(n, new Loc(Buffer.PARAMETER, n.index));
                    case PRE_ACTIVATION -> at.put(n, emit(cell.forward, ElementOp.ADD, n, new Loc(Buffer.INPUT_PART, n.index),
                            new Loc(Buffer.HIDDEN_PART, cell.hiddenColumn[n.index]), null, scratch));
                    case PRODUCT -> at.put(n, emit(cell.forward, null, n, at.get(n.a), null, null, scratch));
                    case OP -> {
                        if (fused.contains(n.a)) {
                            Loc[] parts = sumParts(n.a);
                            at.put(n, emit(cell.forward, n.op.ofSum(), n, parts[0], parts[1], null, scratch));
                        } else {
                            Loc stats = null;
                            if (n.op == ElementOp.LAYER_NORM) statsAt.put(n, stats = new Loc(Buffer.SAVED, cell.savedWidth++));
                            at.put(n, emit(cell.forward, n.op, n, at.get(n.a), n.b == null ? null : at.get(n.b), stats, scratch));
                        }
                    }
                    default -> throw new IllegalStateException(n.kind + " in forward");
                }
                for (Map.Entry<String, Node> e : named.entrySet()) if (e.getValue() == n) written(e.getKey(), n);
                for (int k = 0; k < states.size(); k++) if (n == states.get(k)) written(def.states().get(k), n);
                if (kept.contains(n)) {
                    Loc loc = at.get(n);
                    boolean stays = switch (loc.buffer()) {
                        case SAVED, STATE, HIDDEN, STATE_PREV, H_PREV, PARAMETER -> true;
                        default -> false;
                    };
                    if (!stays || (named.containsValue(n) && !isStepResult(loc))) {
                        Loc saved = new Loc(Buffer.SAVED, cell.savedWidth++);
                        cell.forward.add(new Instruction(ElementOp.COPY, saved, loc, null));
                        loc = saved;
                    }
                    keptAt.put(n, loc);
                }
                scratch.release(n);
            }
            // The hidden state and the cell state are also results when they are leaves or the same node.
            finish(hidden, new Loc(Buffer.HIDDEN, 0));
            for (int k = 0; k < states.size(); k++) finish(states.get(k), new Loc(Buffer.STATE, k));
            named.forEach((gate, n) -> cell.gates.put(gate, keptAt.get(n)));
            cell.forwardScratch = scratch.width;
        }

        /**
         * The sums (a gate's two parts, or an ADD) whose one reader is an activation and that nothing else needs: each
         * is computed inside its activation, σ(a + b) in one pass instead of two.
         */
        private Set<Node> sumsFusedIntoActivations(List<Node> live) {
            Map<Node, Integer> readers = new HashMap<>();
            for (Node n : live) {
                if (n.a != null) readers.merge(n.a, 1, Integer::sum);
                if (n.b != null) readers.merge(n.b, 1, Integer::sum);
            }
            Set<Node> fused = new HashSet<>();
            for (Node n : live) {
                Node sum = n.a;
                if (n.kind != Node.Kind.OP || n.op.ofSum() == null) continue;
                boolean isSum = sum.kind == Node.Kind.PRE_ACTIVATION || (sum.kind == Node.Kind.OP && sum.op == ElementOp.ADD);
                if (isSum && readers.get(sum) == 1 && !kept.contains(sum) && sum != hidden && !states.contains(sum)) fused.add(sum);
            }
            return fused;
        }

        /** What node n's instruction reads: a fused sum's operands in place of the sum. */
        private static List<Node> operandsAfterFusion(Node n, Set<Node> fused) {
            List<Node> reads = new ArrayList<>();
            for (Node operand : new Node[] {n.a, n.b}) {
                if (operand == null) continue;
                if (fused.contains(operand)) {
                    if (operand.a != null) reads.add(operand.a);
                    if (operand.b != null) reads.add(operand.b);
                } else {
                    reads.add(operand);
                }
            }
            return reads;
        }

        /** Where a fused sum's two operands are. */
        private Loc[] sumParts(Node sum) {
            if (sum.kind == Node.Kind.PRE_ACTIVATION) {
                return new Loc[] {new Loc(Buffer.INPUT_PART, sum.index), new Loc(Buffer.HIDDEN_PART, cell.hiddenColumn[sum.index])};
            }
            return new Loc[] {at.get(sum.a), at.get(sum.b)};
        }

        /** Notes where a named value is read from, and after which instruction, for interventions. */
        private void written(String name, Node n) {
            Loc loc = at.get(n);
            cell.written.put(name, new Written(loc.buffer(), loc.column(), n.isLeaf() ? -1 : cell.forward.size() - 1));
        }

        private static boolean isStepResult(Loc loc) {
            return loc.buffer() == Buffer.SAVED || loc.buffer() == Buffer.STATE || loc.buffer() == Buffer.HIDDEN;
        }

        private void finish(Node n, Loc target) {
            if (!at.get(n).equals(target)) cell.forward.add(new Instruction(ElementOp.COPY, target, at.get(n), null));
        }

        /** Where node n goes: a result buffer it is, a saved block if kept, else scratch; op null for a product. */
        private Loc emit(List<Instruction> program, ElementOp op, Node n, Loc a, Loc b, Loc stats, Scratch scratch) {
            Loc out;
            if (n == hidden && !at.containsValue(new Loc(Buffer.HIDDEN, 0))) out = new Loc(Buffer.HIDDEN, 0);
            else if (states.contains(n) && !at.containsValue(new Loc(Buffer.STATE, states.indexOf(n)))) {
                out = new Loc(Buffer.STATE, states.indexOf(n));
            }
            else if (kept.contains(n)) out = new Loc(Buffer.SAVED, cell.savedWidth++);
            else out = scratch.take(n);
            program.add(n.kind == Node.Kind.PRODUCT ? Instruction.product(n.index, false, out, a)
                    : new Instruction(op, out, a, b, -1, false, stats));
            return out;
        }

        // ------------------------------------------------------------ backward instructions

        void emitBackward(Map<Loc, Node> outputs) {
            List<Node> roots = new ArrayList<>();
            for (Node n : outputs.values()) if (n != null) roots.add(n);
            List<Node> live = new ArrayList<>();
            for (Node n : reachable(roots)) if (n.backward) live.add(n);
            Map<Node, Loc> where = new HashMap<>();
            // A gradient the layer reads is computed straight into its place, unless its node is already elsewhere.
            Map<Node, Loc> target = new HashMap<>();
            outputs.forEach((loc, n) -> {
                if (n != null && !n.isLeaf() && n.backward) target.putIfAbsent(n, loc);
            });
            Map<Node, List<Node>> reads = new HashMap<>();
            for (Node n : live) reads.put(n, operandsAfterFusion(n, Set.of()));
            Scratch scratch = new Scratch(live, reads);
            for (Node n : live) {
                if (n.kind == Node.Kind.GRAD_HIDDEN) where.put(n, new Loc(Buffer.GRAD_HIDDEN, 0));
                else if (n.kind == Node.Kind.GRAD_STATE) where.put(n, new Loc(Buffer.GRAD_STATE_NEXT, n.index));
                else {
                    Loc out = target.containsKey(n) ? target.get(n) : scratch.take(n);
                    cell.backward.add(n.kind == Node.Kind.PRODUCT_T ? Instruction.product(n.index, true, out, read(n.a, where))
                            : new Instruction(n.op, out, read(n.a, where), n.b == null ? null : read(n.b, where), -1, false,
                                    n.op == ElementOp.LAYER_NORM_GRAD ? statsAt.get(n.b) : null));
                    where.put(n, out);
                }
                scratch.release(n);
            }
            outputs.forEach((loc, n) -> {
                if (n == null) cell.backward.add(new Instruction(ElementOp.ZERO, loc, loc, null));
                else if (!loc.equals(n.backward ? where.get(n) : keptAt.get(n))) {
                    cell.backward.add(new Instruction(ElementOp.COPY, loc, read(n, where), null));
                }
            });
            cell.backwardScratch = scratch.width;
        }

        private Loc read(Node n, Map<Node, Loc> where) {
            if (n.backward) return where.get(n);
            Loc loc = keptAt.get(n);
            if (loc == null) throw new IllegalStateException("backward reads " + n + ", which forward did not keep");
            return loc;
        }
    }

    /** Scratch blocks handed out to nodes and taken back after their last reader. */
    private static final class Scratch {
        private final Map<Node, List<Node>> reads;
        private final Map<Node, Integer> lastUse = new HashMap<>();
        private final Map<Node, Integer> column = new HashMap<>();
        private final List<Integer> free = new ArrayList<>();
        int width;

        /** @param reads what each node's instruction reads, in program order */
        Scratch(List<Node> program, Map<Node, List<Node>> reads) {
            this.reads = reads;
            for (Node n : program) for (Node operand : reads.get(n)) lastUse.put(operand, n.id);
        }

        Loc take(Node n) {
            int c = free.isEmpty() ? width++ : free.remove(free.size() - 1);
            column.put(n, c);
            return new Loc(Buffer.SCRATCH, c);
        }

        /** After node n's instruction: the scratch of operands read for the last time is free again. */
        void release(Node n) {
            for (Node operand : reads.get(n)) {
                if (lastUse.get(operand) == n.id && column.containsKey(operand)) free.add(column.remove(operand));
            }
        }
    }
}
