package dev.gatelab.export;

import dev.gatelab.ArgumentException;
import dev.gatelab.cell.CellDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One cell's step as a Python class: the equations its definition records ({@link CellDefinition#toData()}), one
 * assignment per named value, in the order the step computes them. A value read once is written inside its reader's
 * expression; a value read twice, a named gate and the new states get a line of their own. For PyTorch's LSTM:
 *
 * <pre>
 * class LSTMCell(Cell):
 *     def step(self, xg, hg, h_prev, states, params):
 *         c_prev = states[0]
 *         i = torch.sigmoid(xg[0] + hg[0])
 *         f = torch.sigmoid(xg[1] + hg[1])
 *         g = torch.tanh(xg[2] + hg[2])
 *         o = torch.sigmoid(xg[3] + hg[3])
 *         c = f * c_prev + i * g
 *         h = o * torch.tanh(c)
 *         return h, [c]
 * </pre>
 */
final class CellSource {
    /** Names the generated code uses itself, or Python reserves: a value the cell names so gets a suffix. */
    private static final Set<String> TAKEN = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
            "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
            "yield", "self", "torch", "nn", "F", "Tensor", "List", "Tuple", "Optional", "Dict", "math", "json", "struct",
            "os", "tempfile", "layer_norm", "xg", "hg", "h_prev", "states", "params", "Cell", "Ellipsis", "NotImplemented", "__debug__",
            "abs", "bool", "float", "int", "len", "list", "max", "min", "print", "range", "str", "sum", "tuple", "zip");
    /** Deeper inline expressions get a line of their own: Python's parser refuses about 200 nested parentheses. */
    private static final int MAX_INLINE_DEPTH = 24;

    /** Binding strength of an expression, to know where its reader needs parentheses. */
    private static final int SUM = 1, PRODUCT = 2, UNARY = 3, ATOM = 4;

    private record Expression(String text, int strength) {}

    private final CellDefinition cell;
    private final List<String> ops = new ArrayList<>(), names = new ArrayList<>();
    private final List<Integer> as = new ArrayList<>(), bs = new ArrayList<>();
    private final Map<Integer, String> variable = new HashMap<>();
    private final Set<String> used = new HashSet<>(TAKEN);
    private final StringBuilder body = new StringBuilder();
    /** The Python names of the previous states and of the per-unit parameters and matrices. */
    private final Map<String, String> statePrev = new HashMap<>();
    private final Map<String, String> parameter = new HashMap<>();

    private CellSource(CellDefinition cell) {
        this.cell = cell;
    }

    /**
     * The class for a cell.
     *
     * @param cell the cell
     * @param className the Python class's name
     * @return the class's source, ending in a blank line
     * @throws ArgumentException naming an operation the export has no PyTorch form for
     */
    static String of(CellDefinition cell, String className) {
        return new CellSource(cell).write(className);
    }

    @SuppressWarnings("unchecked")
    private String write(String className) {
        Map<String, Object> data = cell.toData();
        for (Object o : (List<Object>) data.get("nodes")) {
            Map<String, Object> node = (Map<String, Object>) o;
            ops.add((String) node.get("op"));
            names.add((String) node.getOrDefault("matrix", node.get("name")));     // a leaf's name, a product's matrix
            as.add(node.containsKey("a") ? ((Number) node.get("a")).intValue() : -1);
            bs.add(node.containsKey("b") ? ((Number) node.get("b")).intValue() : -1);
        }
        int hidden = ((Number) data.get("hidden")).intValue();
        Map<String, Object> states = (Map<String, Object>) data.get("states"), gates = (Map<String, Object>) data.get("gates");
        List<String> declared = cell.states();
        for (String op : ops) {
            if (!isLeaf(op) && !List.of("add", "sub", "mul", "neg", "one_minus", "sigmoid", "tanh", "relu", "layer_norm",
                    "linear").contains(op)) {
                throw new ArgumentException("PyTorchExport: cell " + cell.name() + " uses the operation '" + op
                        + "', which the export has no PyTorch form for; nothing was written");
            }
        }

        // Which nodes get a line of their own: the results, the named gates, and whatever is read more than once.
        int[] readers = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            if (as.get(i) >= 0) readers[as.get(i)]++;
            if (bs.get(i) >= 0) readers[bs.get(i)]++;
        }
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(hidden, "h");
        for (String st : declared) wanted.putIfAbsent(((Number) states.get(st)).intValue(), st);
        gates.forEach((gate, at) -> wanted.putIfAbsent(((Number) at).intValue(), gate));

        StringBuilder doc = new StringBuilder("Cell " + cell.name() + ": blocks " + String.join(", ", cell.blocks())
                + (cell.recurrentBlocks().equals(cell.blocks()) ? " (xg[k] and hg[k] are block k's parts of the pre-activation)"
                : " (xg[k] is block k's input part; hg holds the hidden parts of " + String.join(", ", cell.recurrentBlocks()) + ")"));
        if (!declared.isEmpty()) doc.append(declared.size() == 1 ? ", state " : ", states ").append(String.join(", ", declared));
        if (!cell.parameters().isEmpty()) doc.append(", per-unit parameters ").append(String.join(", ", cell.parameters()));
        if (!cell.matrices().isEmpty()) doc.append(", matrices ").append(String.join(", ", cell.matrices()));
        for (int k = 0; k < declared.size(); k++) {
            String v = name(declared.get(k) + "_prev");
            statePrev.put(declared.get(k), v);
            line(v + " = states[" + k + "]");
        }
        // params: the per-unit parameters, then the matrices, as the layer passes them.
        List<String> weights = new ArrayList<>(cell.parameters());
        weights.addAll(cell.matrices());
        for (int p = 0; p < weights.size(); p++) {
            String v = name(weights.get(p));
            parameter.put(weights.get(p), v);
            line(v + " = params[" + p + "]");
        }
        int[] depth = new int[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            String op = ops.get(i);
            if (isLeaf(op)) {
                if (!op.equals("pre_activation") && !op.equals("input_part") && !op.equals("hidden_part")) continue;
            } else {
                depth[i] = 1 + Math.max(inlineDepth(as.get(i), depth), inlineDepth(bs.get(i), depth));
            }
            if (op.equals("parameter") || op.equals("state") || op.equals("hidden")) continue;
            if (!wanted.containsKey(i) && !(readers[i] > 1 && !isLeaf(op)) && depth[i] <= MAX_INLINE_DEPTH) continue;
            String v = name(wanted.getOrDefault(i, "t" + i));
            line(v + " = " + expression(i).text());
            variable.put(i, v);
        }
        String h = variable.containsKey(hidden) ? variable.get(hidden) : expression(hidden).text();
        List<String> newStates = new ArrayList<>();
        for (String st : declared) newStates.add(expression(((Number) states.get(st)).intValue()).text());
        line("return " + h + ", [" + String.join(", ", newStates) + "]");

        return "class " + className + "(Cell):\n    \"\"\"" + doc + ".\"\"\"\n\n"
                + "    def step(self, xg: List[Tensor], hg: List[Tensor], h_prev: Tensor, states: List[Tensor],\n"
                + "             params: List[Tensor]) -> Tuple[Tensor, List[Tensor]]:\n" + body + "\n\n";
    }

    private int inlineDepth(int node, int[] depth) {
        return node < 0 || variable.containsKey(node) ? 0 : depth[node];
    }

    private void line(String code) {
        body.append("        ").append(code).append('\n');
    }

    private static boolean isLeaf(String op) {
        return List.of("pre_activation", "input_part", "hidden_part", "state", "hidden", "parameter").contains(op);
    }

    /** A Python name from a cell's name for a value, made unique and kept clear of the generated code's own names. */
    private String name(String wanted) {
        String n = wanted;
        for (int k = 2; used.contains(n); k++) n = wanted + "_" + k;
        used.add(n);
        return n;
    }

    private Expression expression(int i) {
        if (variable.containsKey(i)) return new Expression(variable.get(i), ATOM);
        String op = ops.get(i);
        int block = names.get(i) == null ? -1 : cell.blocks().indexOf(names.get(i));
        int recurrent = names.get(i) == null ? -1 : cell.recurrentBlocks().indexOf(names.get(i));
        return switch (op) {
            case "pre_activation" -> new Expression("xg[" + block + "] + hg[" + recurrent + "]", SUM);
            case "input_part" -> new Expression("xg[" + block + "]", ATOM);
            case "hidden_part" -> new Expression("hg[" + recurrent + "]", ATOM);
            case "linear" -> new Expression("F.linear(" + expression(as.get(i)).text() + ", " + parameter.get(names.get(i)) + ")", ATOM);
            case "state" -> new Expression(statePrev.get(names.get(i)), ATOM);
            case "hidden" -> new Expression("h_prev", ATOM);
            case "parameter" -> new Expression(parameter.get(names.get(i)), ATOM);
            case "add" -> new Expression(operand(as.get(i), SUM, false) + " + " + operand(bs.get(i), SUM, true), SUM);
            case "sub" -> new Expression(operand(as.get(i), SUM, false) + " - " + operand(bs.get(i), SUM, true), SUM);
            case "mul" -> new Expression(operand(as.get(i), PRODUCT, false) + " * " + operand(bs.get(i), PRODUCT, true), PRODUCT);
            case "neg" -> new Expression("-" + operand(as.get(i), UNARY, false), UNARY);
            case "one_minus" -> new Expression("1 - " + operand(as.get(i), SUM, true), SUM);
            case "sigmoid" -> new Expression("torch.sigmoid(" + expression(as.get(i)).text() + ")", ATOM);
            case "tanh" -> new Expression("torch.tanh(" + expression(as.get(i)).text() + ")", ATOM);
            case "relu" -> new Expression("torch.relu(" + expression(as.get(i)).text() + ")", ATOM);
            case "layer_norm" -> new Expression("layer_norm(" + expression(as.get(i)).text() + ")", ATOM);
            default -> throw new IllegalStateException(op);
        };
    }

    /**
     * An operand of a binary or unary operation, in parentheses where the reader binds tighter; a right operand of
     * equal strength is parenthesised too, so that Python evaluates in the order the step does (a − (b − c)), and a
     * negation inside a sum or product, for the reader's sake (a − (−b)).
     */
    private String operand(int i, int reader, boolean right) {
        Expression e = expression(i);
        boolean wrap = e.strength() < reader || right && e.strength() == reader || e.strength() == UNARY && reader != UNARY;
        return wrap ? "(" + e.text() + ")" : e.text();
    }
}
