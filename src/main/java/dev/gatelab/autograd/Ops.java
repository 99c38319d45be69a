package dev.gatelab.autograd;

import dev.gatelab.kernel.ElementOp;

/**
 * Every differentiable operation, in one list. The few primitives live in small classes (Pointwise, Broadcast, MatMul,
 * Reductions, Reshaping, Softmax, Lookup, DropoutOp); what can be composed from them is composed here.
 */
public final class Ops {
    private Ops() {}

    // ---------------------------------------------------------------- binary, broadcasting

    /**
     * @param a the left operand
     * @param b broadcast to a's shape (a row, a column or a scalar)
     * @return a + b, element-wise
     */
    public static Tensor add(Tensor a, Tensor b) {
        return Broadcast.zip("add", a, b, (x, y) -> x + y, (x, y, z) -> 1, (x, y, z) -> 1, ElementOp.ADD);
    }

    /**
     * @param a the left operand
     * @param b broadcast to a's shape
     * @return a − b, element-wise
     */
    public static Tensor sub(Tensor a, Tensor b) {
        return Broadcast.zip("sub", a, b, (x, y) -> x - y, (x, y, z) -> 1, (x, y, z) -> -1, ElementOp.SUB);
    }

    /**
     * @param a the left operand
     * @param b broadcast to a's shape
     * @return a · b, element-wise
     */
    public static Tensor mul(Tensor a, Tensor b) {
        return Broadcast.zip("mul", a, b, (x, y) -> x * y, (x, y, z) -> y, (x, y, z) -> x, ElementOp.MUL);
    }

    /**
     * @param a the dividend
     * @param b the divisor, broadcast to a's shape
     * @return a / b, element-wise
     */
    public static Tensor div(Tensor a, Tensor b) {
        return Broadcast.zip("div", a, b, (x, y) -> x / y, (x, y, z) -> 1 / y, (x, y, z) -> -z / y);
    }

    // ---------------------------------------------------------------- unary

    /**
     * @param a the operand
     * @return −a
     */
    public static Tensor neg(Tensor a) {
        return Pointwise.map(a, x -> -x, (x, y) -> -1);
    }

    /**
     * σ(x) = 1 / (1 + e^(−x)) for one number, split by sign so that exp never overflows.
     *
     * @param x a number
     * @return σ(x)
     */
    public static double sigmoid(double x) {
        return Pointwise.sigmoid(x);
    }

    /**
     * @param a the operand
     * @return σ(a), element-wise
     */
    public static Tensor sigmoid(Tensor a) {
        return Pointwise.map(a, Pointwise::sigmoid, (x, y) -> y * (1 - y));
    }

    /**
     * @param a the operand
     * @return tanh(a), element-wise
     */
    public static Tensor tanh(Tensor a) {
        return Pointwise.map(a, Math::tanh, (x, y) -> 1 - y * y);
    }

    /**
     * @param a the operand
     * @return max(0, a), element-wise
     */
    public static Tensor relu(Tensor a) {
        return Pointwise.map(a, x -> x > 0 ? x : 0, (x, y) -> x > 0 ? 1 : 0);
    }

    /**
     * @param a the operand
     * @return eᵃ, element-wise
     */
    public static Tensor exp(Tensor a) {
        return Pointwise.map(a, Math::exp, (x, y) -> y);
    }

    /**
     * @param a the operand, positive
     * @return the natural logarithm, element-wise
     */
    public static Tensor log(Tensor a) {
        return Pointwise.map(a, Math::log, (x, y) -> 1 / x);
    }

    /**
     * log(1 + eˣ), computed without overflow; its derivative is σ(x).
     *
     * @param a the operand
     * @return log(1 + eᵃ), element-wise
     */
    public static Tensor softplus(Tensor a) {
        return Pointwise.map(a, x -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)),
                (x, y) -> Pointwise.sigmoid(x));
    }

    /**
     * @param a the operand
     * @return |a|, element-wise
     */
    public static Tensor abs(Tensor a) {
        return Pointwise.map(a, Math::abs, (x, y) -> Math.signum(x));
    }

    /**
     * Huber's function of a residual, as torch.nn.HuberLoss computes it: ½d² within δ of 0, δ(|d| − ½δ) beyond, so
     * large residuals count linearly; its derivative is d within δ and δ·sign(d) beyond.
     *
     * @param d the residuals
     * @param delta δ, where the quadratic part ends, positive
     * @return the Huber values, element-wise
     */
    public static Tensor huber(Tensor d, double delta) {
        return Pointwise.map(d, x -> Math.abs(x) < delta ? 0.5 * x * x : delta * (Math.abs(x) - 0.5 * delta),
                (x, y) -> Math.abs(x) < delta ? x : delta * Math.signum(x));
    }

    /**
     * @param a the operand
     * @param p the exponent
     * @return aᵖ, element-wise
     */
    public static Tensor pow(Tensor a, double p) {
        return Pointwise.map(a, x -> Math.pow(x, p), (x, y) -> p * Math.pow(x, p - 1));
    }

    // ---------------------------------------------------------------- products and reductions

    /**
     * op(a)·op(b) on 2-D tensors, where op transposes when its flag is set.
     *
     * @param a the left operand
     * @param transA whether to use aᵀ
     * @param b the right operand
     * @param transB whether to use bᵀ
     * @return the product
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        return MatMul.matmul(a, transA, b, transB);
    }

    /**
     * @param a the operand
     * @return the sum of every element, rank 0
     */
    public static Tensor sum(Tensor a) {
        return Reductions.sum(a);
    }

    /**
     * Sum along one axis, kept at size 1 (keepdim); negative axes count from the end.
     *
     * @param a the operand
     * @param axis the axis summed over
     * @return the sums
     */
    public static Tensor sum(Tensor a, int axis) {
        return Reductions.sum(a, axis);
    }

    /**
     * @param a the operand
     * @return the mean of every element, rank 0
     */
    public static Tensor mean(Tensor a) {
        return Reductions.mean(a);
    }

    /**
     * @param a the operand
     * @param axis the axis averaged over; negative axes count from the end
     * @return the means, that axis kept at size 1
     */
    public static Tensor mean(Tensor a, int axis) {
        return Reductions.mean(a, axis);
    }

    // ---------------------------------------------------------------- moving elements

    /**
     * @param a the operand
     * @param shape the new shape, with at most one −1
     * @return a view of a's elements
     */
    public static Tensor reshape(Tensor a, int... shape) {
        return Reshaping.reshape(a, shape);
    }

    /**
     * @param a a 2-D tensor
     * @return aᵀ
     */
    public static Tensor transpose(Tensor a) {
        return Reshaping.transpose(a);
    }

    /**
     * @param a the operand
     * @param axis the axis; negative axes count from the end
     * @param start the first index kept
     * @param end one past the last
     * @return the elements [start, end) along the axis
     */
    public static Tensor slice(Tensor a, int axis, int start, int end) {
        return Reshaping.slice(a, axis, start, end);
    }

    /**
     * The given rows of a 2-D tensor, stacked in that order: [rows.length, cols].
     *
     * @param a a 2-D tensor
     * @param rows row indices, in the order wanted
     * @return the rows
     */
    public static Tensor rows(Tensor a, int... rows) {
        return Reshaping.rows(a, rows);
    }

    /**
     * @param axis 0 to stack rows, 1 to join columns
     * @param parts 2-D tensors that fit along the other axis
     * @return the joined tensor
     */
    public static Tensor concat(int axis, Tensor... parts) {
        return Reshaping.concat(axis, parts);
    }

    /**
     * @param a the operand
     * @param offset the flat index of the first element
     * @param shape the shape of the segment
     * @return a copy of the elements from offset, in that shape
     */
    public static Tensor segment(Tensor a, int offset, int... shape) {
        return Reshaping.segment(a, offset, shape);
    }

    /**
     * @param a a 3-D tensor
     * @return a with its first two axes swapped ([batch, time, f] ⇄ [time, batch, f])
     */
    public static Tensor swapAxes01(Tensor a) {
        return Reshaping.swapAxes01(a);
    }

    // ---------------------------------------------------------------- networks

    /**
     * @param a the operand
     * @return the softmax along the last axis
     */
    public static Tensor softmax(Tensor a) {
        return Softmax.softmax(a);
    }

    /**
     * @param a the operand
     * @return the log-softmax along the last axis
     */
    public static Tensor logSoftmax(Tensor a) {
        return Softmax.logSoftmax(a);
    }

    /**
     * Rows of {@code table} picked by {@code indices}, shaped {@code [...prefix, dim]}.
     *
     * @param table [rows, dim]
     * @param indices row indices
     * @param prefix the leading shape of the result
     * @return the rows
     */
    public static Tensor embedding(Tensor table, int[] indices, int... prefix) {
        return Lookup.embedding(table, indices, prefix);
    }

    /**
     * Inverted dropout: each element zeroed with probability p, the rest scaled by 1/(1 − p).
     *
     * @param a the operand
     * @param p the probability, in [0, 1)
     * @param rng the generator of the mask
     * @return the result
     */
    public static Tensor dropout(Tensor a, double p, Rng rng) {
        return DropoutOp.dropout(a, p, rng);
    }
}
