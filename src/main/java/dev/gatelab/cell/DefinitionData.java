package dev.gatelab.cell;

import dev.gatelab.ArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell definition as data, so that a checkpoint carries its cell and loads where the code that defined it is
 * absent. The step is recorded once as a list of nodes, each a leaf (a block's pre-activation or one of its parts, the
 * previous state or h, a parameter), an element-wise operation on earlier nodes or a product of one by a declared
 * matrix ({"op": "linear", "matrix": …, "a": …}; the definition then lists its "matrices"), with the nodes the step gives as
 * h, the state and the named gates. Replayed through the same {@link Expr} operations, the list makes the same step,
 * so the rebuilt cell compiles to the same kernels and computes the same bits.
 *
 * <pre>{@code
 * {"format": 1, "name": "MGU", "blocks": ["f", "n"], "state": null, "parameters": [],
 *  "initial_bias": {}, "initial_parameters": {},
 *  "nodes": [{"op": "pre_activation", "name": "f"}, {"op": "sigmoid", "a": 0}, …], "hidden": 9, "states": {}, "gates": {"f": 1}}
 * }</pre>
 *
 * <p>{@link #read} trusts nothing in the map (it may come from a file someone edited): an unknown operation, an operand
 * that is not an earlier node (so no cycle can be written), a name the cell does not declare, more than
 * {@link #MAX_NODES} nodes, a missing or mistyped field: each is refused with an ArgumentException that names the field.
 */
final class DefinitionData {
    /**
     * No step read from a file has more nodes than this; the largest built-in cell has under a hundred. Compiling a
     * step follows chains of operations recursively, so the bound also keeps a crafted chain within the stack.
     */
    static final int MAX_NODES = 1_000;
    /** No step names more values for traces than this. */
    static final int MAX_GATES = 256;
    private static final int FORMAT = 1;
    private static final List<String> LEAVES = List.of("pre_activation", "input_part", "hidden_part", "state", "hidden", "parameter");
    /** The element-wise operations and their operands; "linear" (a product by a matrix) also names its matrix. */
    private static final Map<String, Integer> OPERATIONS = Map.of("add", 2, "sub", 2, "mul", 2, "neg", 1,
            "one_minus", 1, "sigmoid", 1, "tanh", 1, "relu", 1, "layer_norm", 1, "linear", 1);

    private DefinitionData() {}

    /** The definition as maps, lists, strings and numbers (what JSON holds), its step recorded once. */
    static Map<String, Object> of(CellDefinition d) {
        Recorder r = new Recorder(d);
        Step step = d.step().apply(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("name", d.name());
        out.put("blocks", d.blocks());
        if (!d.recurrentBlocks().equals(d.blocks())) out.put("recurrent_blocks", d.recurrentBlocks());
        // One state (or none) as a name (or null), as files have always had it; several as a list of names.
        out.put("state", d.states().size() > 1 ? d.states() : d.states().isEmpty() ? null : d.states().get(0));
        out.put("parameters", d.parameters());
        if (!d.matrices().isEmpty()) out.put("matrices", d.matrices());
        out.put("initial_bias", d.initialBias());
        out.put("initial_parameters", d.initialParameters());
        out.put("nodes", r.nodes);
        out.put("hidden", r.index(step.hidden()));
        Map<String, Object> states = new LinkedHashMap<>(), gates = new LinkedHashMap<>();
        step.states().forEach((k, v) -> states.put(k, r.index(v)));
        step.gates().forEach((k, v) -> gates.put(k, r.index(v)));
        out.put("states", states);
        out.put("gates", gates);
        return out;
    }

    /**
     * Builds the definition a map describes, checking every field.
     *
     * @param data the map, as JSON gives it
     * @param where the field it came from, for messages ("config.cell_definition")
     * @return a built definition, not registered
     */
    static CellDefinition read(Map<String, Object> data, String where) {
        Object format = data.get("format");
        if (!(format instanceof Integer f) || f != FORMAT) throw wrong(where, "format", "1", format);
        String name = string(data, "name", where);
        List<String> blocks = strings(data, "blocks", where);
        List<String> recurrent = data.containsKey("recurrent_blocks") ? strings(data, "recurrent_blocks", where) : blocks;
        Object stateValue = data.get("state");
        List<String> declaredStates;
        if (stateValue == null) declaredStates = List.of();
        else if (stateValue instanceof String one) declaredStates = List.of(one);
        else if (stateValue instanceof List<?>) declaredStates = strings(data, "state", where);
        else throw wrong(where, "state", "a name, a list of names or null", stateValue);
        List<String> parameters = strings(data, "parameters", where);
        // Absent in files saved before products existed: a cell without matrices.
        List<String> matrices = data.containsKey("matrices") ? strings(data, "matrices", where) : List.of();
        Map<String, Double> bias = numbers(data, "initial_bias", where), initial = numbers(data, "initial_parameters", where);
        Object nodesValue = data.get("nodes");
        if (!(nodesValue instanceof List<?> nodes)) throw wrong(where, "nodes", "a list", nodesValue);
        if (nodes.isEmpty() || nodes.size() > MAX_NODES) {
            throw new ArgumentException(where + ": field 'nodes' holds " + nodes.size() + " nodes; a step has 1 to " + MAX_NODES);
        }
        List<NodeData> checked = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "nodes[" + i + "]";
            if (!(nodes.get(i) instanceof Map<?, ?> node)) throw wrong(where, at, "an object", nodes.get(i));
            Object op = node.get("op");
            if (!(op instanceof String o) || !LEAVES.contains(o) && !OPERATIONS.containsKey(o)) {
                throw wrong(where, at + ".op", "one of " + LEAVES + " or " + new java.util.TreeSet<>(OPERATIONS.keySet()), op);
            }
            // Exactly the fields this kind of node has: a leaf of a block, state or parameter its name, an operation
            // its operands, 'hidden' nothing else.
            java.util.Set<String> fields = new java.util.TreeSet<>(List.of("op"));
            String leafName = null;
            int a = -1, b = -1;
            if (o.equals("linear")) {
                Object m = node.get("matrix");
                if (!(m instanceof String named) || !matrices.contains(named)) {
                    throw wrong(where, at + ".matrix", "one of the declared matrices " + matrices, m);
                }
                leafName = named;
                a = index(node.get("a"), i, where + ": field '" + at + ".a'");
                fields.addAll(List.of("matrix", "a"));
            } else if (LEAVES.contains(o) && !o.equals("hidden")) {
                List<String> declared = switch (o) {
                    case "state" -> declaredStates;
                    case "parameter" -> parameters;
                    default -> blocks;
                };
                Object n = node.get("name");
                if (!(n instanceof String named) || !declared.contains(named)) {
                    throw wrong(where, at + ".name", "one of the declared " + (o.equals("state") ? "states " : o.equals("parameter")
                            ? "parameters " : "blocks ") + declared, n);
                }
                leafName = named;
                fields.add("name");
            } else if (!LEAVES.contains(o)) {
                a = index(node.get("a"), i, where + ": field '" + at + ".a'");
                fields.add("a");
                if (OPERATIONS.get(o) == 2) {
                    b = index(node.get("b"), i, where + ": field '" + at + ".b'");
                    fields.add("b");
                }
            }
            for (Object key : node.keySet()) {
                if (!fields.contains(String.valueOf(key))) {
                    throw new ArgumentException(where + ": field '" + at + "' has a field '" + key + "', which a node '" + o
                            + "' does not have; its fields are " + fields);
                }
            }
            checked.add(new NodeData(o, leafName, a, b));
        }
        int hidden = index(data.get("hidden"), nodes.size(), where + ": field 'hidden'");
        Map<String, Integer> states = indices(data, "states", nodes.size(), where), gates = indices(data, "gates", nodes.size(), where);
        if (gates.size() > MAX_GATES) throw new ArgumentException(where + ": field 'gates' names " + gates.size() + " values; at most " + MAX_GATES);
        for (String g : gates.keySet()) {
            if (!g.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) throw wrong(where, "gates", "names of a letter then letters, digits or _", g);
        }
        if (!states.keySet().equals(new java.util.HashSet<>(declaredStates))) {
            throw wrong(where, "states", "the declared states " + declaredStates + " and nothing else", states.keySet());
        }
        StepFunction replay = in -> {
            Expr[] v = new Expr[checked.size()];
            for (int i = 0; i < v.length; i++) v[i] = value(checked.get(i), v, in);
            Step s = Step.of(v[hidden]);
            states.forEach((k, n) -> s.state(k, v[n]));
            gates.forEach((k, n) -> s.gate(k, v[n]));
            return s;
        };
        try {
            CellDefinition.Builder b = CellDefinition.builder(name).blocks(blocks.toArray(String[]::new));
            b.register = false;                 // a cell from a file does not take a name in this JVM
            if (!recurrent.equals(blocks)) b.recurrentBlocks(recurrent.toArray(String[]::new));
            for (String st : declaredStates) b.state(st);
            for (String m : matrices) b.matrix(m);
            for (String p : parameters) {
                if (initial.containsKey(p)) b.parameter(p, initial.get(p));
                else b.parameter(p);
            }
            for (String p : initial.keySet()) {
                if (!parameters.contains(p)) throw wrong(where, "initial_parameters", "values of declared parameters " + parameters, p);
            }
            bias.forEach(b::initialBias);
            return b.step(replay).build();
        } catch (ArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new ArgumentException(where + ": " + e.getMessage());
        }
    }

    /** One node as read and checked: an operation, the name of a leaf, the operands of an operation (−1 for none). */
    private record NodeData(String op, String name, int a, int b) {}

    private static Expr value(NodeData node, Expr[] v, StepInputs in) {
        return switch (node.op()) {
            case "pre_activation" -> in.preActivation(node.name());
            case "input_part" -> in.inputPart(node.name());
            case "hidden_part" -> in.hiddenPart(node.name());
            case "state" -> in.state(node.name());
            case "hidden" -> in.hidden();
            case "parameter" -> in.parameter(node.name());
            case "add" -> v[node.a()].add(v[node.b()]);
            case "sub" -> v[node.a()].sub(v[node.b()]);
            case "mul" -> v[node.a()].mul(v[node.b()]);
            case "neg" -> v[node.a()].neg();
            case "one_minus" -> v[node.a()].oneMinus();
            case "sigmoid" -> v[node.a()].sigmoid();
            case "tanh" -> v[node.a()].tanh();
            case "relu" -> v[node.a()].relu();
            case "layer_norm" -> v[node.a()].layerNorm();
            case "linear" -> in.linear(node.name(), v[node.a()]);
            default -> throw new IllegalStateException("checked in read: " + node.op());
        };
    }

    /** An operand is an earlier node: a list in this order can hold no cycle. */
    private static int index(Object v, int below, String field) {
        if (!(v instanceof Integer n) || n < 0 || n >= below) {
            String shown = String.valueOf(v);
            throw new ArgumentException(field + " must be the index of an earlier node, 0 to " + (below - 1) + ", got "
                    + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown));
        }
        return n;
    }

    private static Map<String, Integer> indices(Map<String, Object> data, String key, int size, String where) {
        Object v = data.get(key);
        if (!(v instanceof Map<?, ?> m)) throw wrong(where, key, "an object of names and node indices", v);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), index(e.getValue(), size, where + ": field '" + key + "." + e.getKey() + "'"));
        }
        return out;
    }

    private static String string(Map<String, Object> data, String key, String where) {
        Object v = data.get(key);
        if (!(v instanceof String s)) throw wrong(where, key, "a string", v);
        return s;
    }

    private static List<String> strings(Map<String, Object> data, String key, String where) {
        Object v = data.get(key);
        if (!(v instanceof List<?> l) || l.size() > 64 || l.stream().anyMatch(x -> !(x instanceof String))) {
            throw wrong(where, key, "a list of at most 64 names", v);
        }
        return l.stream().map(String.class::cast).toList();
    }

    private static Map<String, Double> numbers(Map<String, Object> data, String key, String where) {
        Object v = data.get(key);
        if (!(v instanceof Map<?, ?> m)) throw wrong(where, key, "an object of names and numbers", v);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Number n)) throw wrong(where, key + "." + e.getKey(), "a number", e.getValue());
            out.put(String.valueOf(e.getKey()), n.doubleValue());
        }
        return out;
    }

    private static ArgumentException wrong(String where, String field, String expected, Object got) {
        String shown = got instanceof String ? "\"" + got + "\"" : String.valueOf(got);
        if (shown.length() > 80) shown = shown.substring(0, 80) + "…";
        return new ArgumentException(where + ": field '" + field + "' must be " + expected + ", got " + shown);
    }

    /** StepInputs that record: each value the step asks for or makes becomes a node. */
    private static final class Recorder implements StepInputs {
        final List<Map<String, Object>> nodes = new ArrayList<>();
        private final Map<String, Recorded> leaves = new HashMap<>();
        private final CellDefinition cell;

        Recorder(CellDefinition cell) {
            this.cell = cell;
        }

        private Recorded leaf(String op, String name) {
            return leaves.computeIfAbsent(op + "/" + name, k -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("op", op);
                if (name != null) n.put("name", name);
                return add(n);
            });
        }

        Recorded add(Map<String, Object> node) {
            nodes.add(node);
            return new Recorded(this, nodes.size() - 1);
        }

        int index(Expr e) {
            if (!(e instanceof Recorded r) || r.recorder != this) {
                throw new ArgumentException("cell " + cell.name() + ": a step combines values of different steps");
            }
            return r.index;
        }

        @Override
        public Expr preActivation(String block) {
            return leaf("pre_activation", block);
        }

        @Override
        public Expr inputPart(String block) {
            return leaf("input_part", block);
        }

        @Override
        public Expr hiddenPart(String block) {
            return leaf("hidden_part", block);
        }

        @Override
        public Expr state(String name) {
            return leaf("state", name);
        }

        @Override
        public Expr hidden() {
            return leaf("hidden", null);
        }

        @Override
        public Expr parameter(String name) {
            return leaf("parameter", name);
        }

        @Override
        public Expr linear(String matrix, Expr x) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("op", "linear");
            n.put("matrix", matrix);
            n.put("a", index(x));
            return add(n);
        }
    }

    /** A recorded value: its node's index. */
    private record Recorded(Recorder recorder, int index) implements Expr {
        private Expr op(String op, Expr other) {
            if (OPERATIONS.get(op) == 2 && other == null) {
                throw new ArgumentException("cell " + recorder.cell.name() + ": " + op + " needs a second value, got null");
            }
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("op", op);
            n.put("a", index);
            if (other != null) n.put("b", recorder.index(other));
            return recorder.add(n);
        }

        @Override
        public Expr add(Expr other) {
            return op("add", other);
        }

        @Override
        public Expr sub(Expr other) {
            return op("sub", other);
        }

        @Override
        public Expr mul(Expr other) {
            return op("mul", other);
        }

        @Override
        public Expr neg() {
            return op("neg", null);
        }

        @Override
        public Expr oneMinus() {
            return op("one_minus", null);
        }

        @Override
        public Expr sigmoid() {
            return op("sigmoid", null);
        }

        @Override
        public Expr tanh() {
            return op("tanh", null);
        }

        @Override
        public Expr relu() {
            return op("relu", null);
        }

        @Override
        public Expr layerNorm() {
            return op("layer_norm", null);
        }
    }
}
