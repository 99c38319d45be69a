package dev.gatelab.autograd;

import dev.gatelab.kernel.Arena;
import dev.gatelab.kernel.BlockedGemm;
import dev.gatelab.kernel.PackedB;

/**
 * Matrix multiply on the tensors' matrix views, C = op(A)·op(B) or C += op(A)·op(B), where op transposes when asked.
 * Both element types run on Gatelab's own {@link BlockedGemm} (vectorised, multi-threaded, each element one fma chain
 * in order, so every thread count gives the same bits); this is the one place that picks its float or double side.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * c = op(a)·op(b), overwriting c.
     *
     * @param a the left operand
     * @param transA whether to use aᵀ
     * @param b the right operand
     * @param transB whether to use bᵀ
     * @param c the result, overwritten
     */
    public static void mult(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c) {
        product(a, transA, b, transB, null, c, false);
    }

    /**
     * c = op(a)·op(b) + bias, the row vector bias added to every row (none when null), in one pass.
     *
     * @param a the left operand
     * @param transA whether to use aᵀ
     * @param b the right operand
     * @param transB whether to use bᵀ
     * @param bias a row added to every row of the product, or null
     * @param c the result, overwritten
     */
    public static void multBias(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        product(a, transA, b, transB, bias, c, false);
    }

    /**
     * c += op(a)·op(b).
     *
     * @param a the left operand
     * @param transA whether to use aᵀ
     * @param b the right operand
     * @param transB whether to use bᵀ
     * @param c the result, added to
     */
    public static void multAdd(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c) {
        product(a, transA, b, transB, null, c, true);
    }

    /**
     * c += a[:, from:from+width]ᵀ · b[:, from:from+width]: a weight's gradient from one block of columns of two
     * [rows, cols] tensors (a product's gradients and its operands over every step), read in place.
     *
     * @param a the gradients, [rows, cols]
     * @param b the operands, [rows, cols]
     * @param from the first column of the block
     * @param width the block's columns
     * @param c the gradient, [width, width], added to
     */
    public static void multAddColumns(Tensor a, Tensor b, int from, int width, Tensor c) {
        if (a.rows() != b.rows() || a.cols() != b.cols() || from < 0 || from + width > a.cols() || c.rows() != width
                || c.cols() != width) {
            throw new IllegalArgumentException("multAddColumns: columns [" + from + ", " + (from + width) + ") of "
                    + a.rows() + "×" + a.cols() + " and " + b.rows() + "×" + b.cols() + " into " + c.rows() + "×" + c.cols());
        }
        gemm(a).multiply(true, false, width, width, a.rows(), data(a), from, a.cols(), data(b), from, b.cols(), data(c), 0,
                width, true);
    }

    private static void product(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c,
            boolean accumulate) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        check(m, k, kb, n, c);
        if (bias == null) {
            gemm(a).multiply(transA, transB, m, n, k, data(a), 0, a.cols(), data(b), 0, b.cols(), data(c), 0, c.cols(),
                    accumulate);
        } else {
            gemm(a).multiplyBias(transA, transB, m, n, k, data(a), 0, a.cols(), data(b), 0, b.cols(), data(bias),
                    data(c), 0, c.cols());
        }
    }

    /** The product for the tensor's element type, typed to take whatever {@link #data} gives. */
    @SuppressWarnings("unchecked")
    private static BlockedGemm<Object> gemm(Tensor t) {
        return (BlockedGemm<Object>) (BlockedGemm<?>) (t.dtype() == DType.FLOAT32 ? BlockedGemm.FLOAT : BlockedGemm.DOUBLE);
    }

    /** The tensor's row-major array: float[] or double[], to match {@link #gemm}. */
    private static Object data(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? t.f().data : t.d().data;
    }

    private static void check(int m, int k, int kb, int n, Tensor c) {
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalStateException("Gemm: [" + m + "×" + k + "]·[" + kb + "×" + n + "] into [" + c.rows() + "×"
                    + c.cols() + "]");
        }
    }

    /**
     * op(b) packed once for many products with it (a recurrent layer multiplies by W_hh at every step).
     *
     * @param b the right operand, used for many products
     * @param transB whether to use bᵀ
     * @return b, prepared
     */
    public static Prepared prepare(Tensor b, boolean transB) {
        int k = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        return new Prepared(b, gemm(b).pack(transB, n, k, data(b), 0, b.cols()));
    }

    /**
     * As {@link #prepare(Tensor, boolean)}, packed into this thread's array for {@code slot} (see
     * {@link Engine#scratch}) rather than a new one: valid until the next use of that slot on this thread. For a
     * product repeated every batch (a layer's W_hh), which then allocates nothing.
     *
     * @param b the right operand, used for many products
     * @param transB whether to use bᵀ
     * @param slot whose array holds the packed operand
     * @return b, prepared
     */
    public static Prepared prepare(Tensor b, boolean transB, Arena.Slot slot) {
        int k = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        BlockedGemm<Object> gemm = gemm(b);
        Tensor store = Tensor.scratch(b.dtype(), slot, gemm.packedLength(n, k));
        return new Prepared(b, gemm.pack(transB, n, k, data(b), 0, b.cols(), data(store)));
    }

    /** A right-hand operand of matrix products, see {@link #prepare}. */
    public static final class Prepared {
        private final Tensor b;
        private final PackedB<Object> packed;

        private Prepared(Tensor b, PackedB<Object> packed) {
            this.b = b;
            this.packed = packed;
        }

        /**
         * c = a·op(b).
         *
         * @param a the left operand
         * @param c the result, overwritten
         */
        public void mult(Tensor a, Tensor c) {
            product(a, 0, a.rows(), null, c, false);
        }

        /**
         * c = a·op(b) + bias, the row vector bias added to every row (none when null): each element's chain starts
         * from its bias, so there is no second pass over c.
         *
         * @param a the left operand
         * @param bias a row added to every row of the product
         * @param c the result, overwritten
         */
        public void multBias(Tensor a, Tensor bias, Tensor c) {
            product(a, 0, a.rows(), bias, c, false);
        }

        /**
         * c = (rows [row, row + c.rows()) of a)·op(b) + bias: a step's rows of a sequence-long tensor, read in place,
         * the row vector bias added to every row (none when null).
         *
         * @param a the left operand
         * @param row the first row of a to multiply
         * @param bias a row added to every row of the product
         * @param c the result, overwritten
         */
        public void multBiasRows(Tensor a, int row, Tensor bias, Tensor c) {
            product(a, row, c.rows(), bias, c, false);
        }

        /**
         * c += (rows [row, row + c.rows()) of a)·op(b): a step's rows of a sequence-long tensor, read in place.
         *
         * @param a the left operand
         * @param row the first row of c to add to
         * @param c the result, added to
         */
        public void multAddRows(Tensor a, int row, Tensor c) {
            product(a, row, c.rows(), null, c, true);
        }

        /**
         * c += a·op(b).
         *
         * @param a the left operand
         * @param c the result, added to
         */
        public void multAdd(Tensor a, Tensor c) {
            product(a, 0, a.rows(), null, c, true);
        }

        /**
         * c (+)= (rows [row, row + rows) of a)·op(b), or c = that + bias where there is one (never accumulated): the
         * one place every prepared product is checked and run.
         */
        private void product(Tensor a, int row, int rows, Tensor bias, Tensor c, boolean accumulate) {
            if (row < 0 || row + rows > a.rows()) {
                throw new IllegalStateException("Gemm: rows [" + row + ", " + (row + rows) + ") of a " + a.rows() + "-row matrix");
            }
            check(rows, a.cols(), packed.k(), packed.n(), c);
            int aOff = row * a.cols();
            if (bias == null) {
                gemm(b).multiply(false, rows, data(a), aOff, a.cols(), packed, data(c), 0, c.cols(), accumulate);
            } else {
                gemm(b).multiplyBias(false, rows, data(a), aOff, a.cols(), packed, data(bias), data(c), 0, c.cols());
            }
        }
    }
}
