package dev.gatelab.engine;

import dev.gatelab.cell.TracedValue;
import java.util.HashMap;
import java.util.Map;

/**
 * Interval arithmetic over a step's graph: the range each node's value can take whatever the gate parts, the
 * previous states and the parameters are (every leaf is unbounded, and so is a product by a matrix). σ(anything) is
 * in [0, 1], tanh in [−1, 1], a product of the two in [−1, 1], and so on, so the ranges charts need come from the
 * equations, not from names.
 */
final class Ranges {
    private static final double INF = Double.POSITIVE_INFINITY;
    private final Map<Node, double[]> memo = new HashMap<>();

    /** @return {min, max} of the node's value */
    double[] of(Node n) {
        double[] known = memo.get(n);
        if (known != null) return known;
        double[] r = n.isLeaf() || n.kind != Node.Kind.OP ? new double[] {-INF, INF} : apply(n);
        memo.put(n, r);
        return r;
    }

    private double[] apply(Node n) {
        double[] a = of(n.a), b = n.b == null ? null : of(n.b);
        return switch (n.op) {
            case ADD -> new double[] {a[0] + b[0], a[1] + b[1]};
            case SUB -> new double[] {a[0] - b[1], a[1] - b[0]};
            case MUL -> product(a, b);
            case NEG -> new double[] {-a[1], -a[0]};
            case ONE_MINUS -> new double[] {1 - a[1], 1 - a[0]};
            case SIGMOID -> new double[] {sigmoid(a[0]), sigmoid(a[1])};
            case TANH -> new double[] {Math.tanh(a[0]), Math.tanh(a[1])};
            case RELU -> new double[] {Math.max(0, a[0]), Math.max(0, a[1])};
            default -> new double[] {-INF, INF}; // a layer norm is bounded only by √(units): unbounded in practice
        };
    }

    /** [a]·[b]: the extremes are among the corners; 0 × ∞ is 0 here, as a gate at 0 shuts whatever it multiplies. */
    private static double[] product(double[] a, double[] b) {
        double lo = INF, hi = -INF;
        for (double x : a) {
            for (double y : b) {
                double p = x == 0 || y == 0 ? 0 : x * y;
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
        }
        return new double[] {lo, hi};
    }

    private static double sigmoid(double x) {
        return x == -INF ? 0 : x == INF ? 1 : 1 / (1 + Math.exp(-x));
    }

    /** The activation a value leaves through: the last squashing op, seen through 1 − x and −x. */
    static TracedValue.Activation activation(Node n) {
        if (n.isLeaf() || n.kind != Node.Kind.OP) return TracedValue.Activation.NONE;
        return switch (n.op) {
            case SIGMOID -> TracedValue.Activation.SIGMOID;
            case TANH -> TracedValue.Activation.TANH;
            case RELU -> TracedValue.Activation.RELU;
            case LAYER_NORM -> TracedValue.Activation.LAYER_NORM;
            // 1 − σ(x) = σ(−x) and −tanh(x) = tanh(−x); 1 − tanh is neither, and −σ is not a σ.
            case ONE_MINUS -> activation(n.a) == TracedValue.Activation.SIGMOID ? TracedValue.Activation.SIGMOID
                    : TracedValue.Activation.NONE;
            case NEG -> activation(n.a) == TracedValue.Activation.TANH ? TracedValue.Activation.TANH
                    : TracedValue.Activation.NONE;
            default -> TracedValue.Activation.NONE;
        };
    }
}
