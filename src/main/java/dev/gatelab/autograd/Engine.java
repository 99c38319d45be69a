package dev.gatelab.autograd;

import dev.gatelab.kernel.Arena;

/**
 * What the engine does to tensors beyond a notebook's API: make the result of a new operation and register its
 * backward, borrow scratch, copy and add ranges of elements, and reach a gradient to accumulate into. The layers'
 * fused sequences, the cell engine and the datasets use it; {@link Ops} is written with the same calls.
 */
public final class Engine {
    private Engine() {}

    /**
     * A temporary tensor over this thread's array for {@code slot} in the {@link Arena}: no allocation once the
     * array is big enough, and contents left from the last use (not zeroed). The next scratch of the same slot on this
     * thread reuses the array, so a caller keeps it only for the span of one operation.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param slot whose array, a constant of the caller's ({@link Arena#slot})
     * @param shape the shape wanted
     * @return a tensor over the scratch array
     */
    public static Tensor scratch(DType dtype, Arena.Slot slot, int... shape) {
        return Tensor.scratch(dtype, slot, shape);
    }

    /**
     * The result of an operation: it joins the graph when gradients are on and any input requires a gradient.
     *
     * @param dtype the result's type
     * @param shape the result's shape
     * @param inputs the operation's inputs
     * @return the result tensor
     */
    public static Tensor resultOf(DType dtype, int[] shape, Tensor... inputs) {
        return Tensor.resultOf(dtype, shape, inputs);
    }

    /**
     * Registers a result's backward step; it is dropped when no gradient flows through the node.
     *
     * @param result what {@link #resultOf} made
     * @param backward adds the result's gradient into its inputs' gradients
     */
    public static void onBackward(Tensor result, Runnable backward) {
        result.onBackward(backward);
    }

    /**
     * The gradient to accumulate into, created as zeros when missing.
     *
     * @param t any tensor
     * @return its gradient
     */
    public static Tensor gradBuffer(Tensor t) {
        return t.gradBuffer();
    }

    /**
     * dst[dstPos + i] += src[srcPos + i] for i &lt; n.
     *
     * @param src the source
     * @param srcPos where in the source to start
     * @param dst the destination
     * @param dstPos where in the destination to start
     * @param n how many elements
     */
    public static void addRange(Tensor src, int srcPos, Tensor dst, int dstPos, int n) {
        Tensor.addRange(src, srcPos, dst, dstPos, n);
    }

    /**
     * dst[dstPos + i] = src[srcPos + i] for i &lt; n.
     *
     * @param src the source
     * @param srcPos where in the source to start
     * @param dst the destination
     * @param dstPos where in the destination to start
     * @param n how many elements
     */
    public static void copyRange(Tensor src, int srcPos, Tensor dst, int dstPos, int n) {
        Tensor.copyRange(src, srcPos, dst, dstPos, n);
    }

    /**
     * The flat index of the first NaN or infinity in {@code t}, or -1 when every element is finite: how the optimizers,
     * the Trainer and the layers find what to name in a non-finite error.
     *
     * @param t any tensor
     * @return the index, or −1
     */
    public static int firstNonFinite(Tensor t) {
        return t.firstNonFinite();
    }
}
