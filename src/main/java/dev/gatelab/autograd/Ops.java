package dev.gatelab.autograd;

/**
 * Every differentiable operation, in one list. The few primitives live in small classes (Pointwise, Broadcast, MatMul,
 * Reductions, Reshaping, Softmax, Lookup, DropoutOp); what can be composed from them is composed here.
 */
public final class Ops {
    private Ops() {}

    // ---------------------------------------------------------------- binary, broadcasting

    public static Tensor add(Tensor a, Tensor b) {
        return Broadcast.zip("add", a, b, (x, y) -> x + y, (x, y, z) -> 1, (x, y, z) -> 1);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return Broadcast.zip("sub", a, b, (x, y) -> x - y, (x, y, z) -> 1, (x, y, z) -> -1);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return Broadcast.zip("mul", a, b, (x, y) -> x * y, (x, y, z) -> y, (x, y, z) -> x);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return Broadcast.zip("div", a, b, (x, y) -> x / y, (x, y, z) -> 1 / y, (x, y, z) -> -z / y);
    }

    // ---------------------------------------------------------------- unary

    public static Tensor neg(Tensor a) {
        return Pointwise.map(a, x -> -x, (x, y) -> -1);
    }

    /** σ(x) = 1 / (1 + e^(−x)) for one number, split by sign so that exp never overflows. */
    public static double sigmoid(double x) {
        return Pointwise.sigmoid(x);
    }

    public static Tensor sigmoid(Tensor a) {
        return Pointwise.map(a, Pointwise::sigmoid, (x, y) -> y * (1 - y));
    }

    public static Tensor tanh(Tensor a) {
        return Pointwise.map(a, Math::tanh, (x, y) -> 1 - y * y);
    }

    public static Tensor relu(Tensor a) {
        return Pointwise.map(a, x -> x > 0 ? x : 0, (x, y) -> x > 0 ? 1 : 0);
    }

    public static Tensor exp(Tensor a) {
        return Pointwise.map(a, Math::exp, (x, y) -> y);
    }

    public static Tensor log(Tensor a) {
        return Pointwise.map(a, Math::log, (x, y) -> 1 / x);
    }

    /** log(1 + eˣ), computed without overflow; its derivative is σ(x). */
    public static Tensor softplus(Tensor a) {
        return Pointwise.map(a, x -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)),
                (x, y) -> Pointwise.sigmoid(x));
    }

    public static Tensor abs(Tensor a) {
        return Pointwise.map(a, Math::abs, (x, y) -> Math.signum(x));
    }

    public static Tensor pow(Tensor a, double p) {
        return Pointwise.map(a, x -> Math.pow(x, p), (x, y) -> p * Math.pow(x, p - 1));
    }

    // ---------------------------------------------------------------- products and reductions

    /** op(a)·op(b) on 2-D tensors, where op transposes when its flag is set. */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        return MatMul.matmul(a, transA, b, transB);
    }

    public static Tensor sum(Tensor a) {
        return Reductions.sum(a);
    }

    /** Sum over rows (axis 0, giving [1, cols]) or over columns (axis 1, giving [rows, 1]) of a 2-D tensor. */
    public static Tensor sum(Tensor a, int axis) {
        return Reductions.sum(a, axis);
    }

    public static Tensor mean(Tensor a) {
        return Reductions.mean(a);
    }

    public static Tensor mean(Tensor a, int axis) {
        return Reductions.mean(a, axis);
    }

    // ---------------------------------------------------------------- moving elements

    public static Tensor reshape(Tensor a, int... shape) {
        return Reshaping.reshape(a, shape);
    }

    public static Tensor transpose(Tensor a) {
        return Reshaping.transpose(a);
    }

    public static Tensor slice(Tensor a, int axis, int start, int end) {
        return Reshaping.slice(a, axis, start, end);
    }

    /** The given rows of a 2-D tensor, stacked in that order: [rows.length, cols]. */
    public static Tensor rows(Tensor a, int... rows) {
        return Reshaping.rows(a, rows);
    }

    public static Tensor concat(int axis, Tensor... parts) {
        return Reshaping.concat(axis, parts);
    }

    public static Tensor segment(Tensor a, int offset, int... shape) {
        return Reshaping.segment(a, offset, shape);
    }

    public static Tensor swapAxes01(Tensor a) {
        return Reshaping.swapAxes01(a);
    }

    // ---------------------------------------------------------------- networks

    public static Tensor softmax(Tensor a) {
        return Softmax.softmax(a);
    }

    public static Tensor logSoftmax(Tensor a) {
        return Softmax.logSoftmax(a);
    }

    /** Rows of {@code table} picked by {@code indices}, shaped {@code [...prefix, dim]}. */
    public static Tensor embedding(Tensor table, int[] indices, int... prefix) {
        return Lookup.embedding(table, indices, prefix);
    }

    public static Tensor dropout(Tensor a, double p, Rng rng) {
        return DropoutOp.dropout(a, p, rng);
    }
}
