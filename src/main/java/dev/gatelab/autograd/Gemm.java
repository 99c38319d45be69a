package dev.gatelab.autograd;

import org.ejml.dense.row.CommonOps_DDRM;
import dev.gatelab.kernel.Sgemm;

/**
 * Matrix multiply on the tensors' matrix views, C = op(A)·op(B) or C += op(A)·op(B), where op transposes when asked.
 * The one place that picks the routine for the element type, so the rest of the code is written once: float32 goes
 * to Gatelab's own {@link Sgemm} (vectorised, multi-threaded, the training hot path), float64 to EJML.
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
        if (a.dtype() == DType.FLOAT32) {
            sgemm(a, transA, b, transB, c, false);
        } else {
            if (!transA && !transB) CommonOps_DDRM.mult(a.d(), b.d(), c.d());
            else if (transA && !transB) CommonOps_DDRM.multTransA(a.d(), b.d(), c.d());
            else if (!transA) CommonOps_DDRM.multTransB(a.d(), b.d(), c.d());
            else CommonOps_DDRM.multTransAB(a.d(), b.d(), c.d());
        }
    }

    /**
     * c = op(a)·op(b) + bias, the row vector bias added to every row (none when null); in one pass for float32.
     *
     * @param a the left operand
     * @param transA whether to use aᵀ
     * @param b the right operand
     * @param transB whether to use bᵀ
     * @param bias a row added to every row of the product, or null
     * @param c the result, overwritten
     */
    public static void multBias(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c) {
        if (bias == null || a.dtype() != DType.FLOAT32) {
            mult(a, transA, b, transB, c);
            addRows(bias, c);
            return;
        }
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols(), n = transB ? b.rows() : b.cols();
        check(m, k, transB ? b.cols() : b.rows(), n, c);
        Sgemm.multiplyBias(transA, transB, m, n, k, a.f().data, 0, a.cols(), b.f().data, 0, b.cols(), bias.f().data,
                c.f().data, 0, c.cols());
    }

    private static void addRows(Tensor bias, Tensor c) {
        if (bias == null) return;
        int cols = bias.size();
        for (int i = 0; i < c.size(); i++) c.add(i, bias.get(i % cols));
    }

    private static void check(int m, int k, int kb, int n, Tensor c) {
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalStateException("Gemm: [" + m + "×" + k + "]·[" + kb + "×" + n + "] into [" + c.rows() + "×"
                    + c.cols() + "]");
        }
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
        if (a.dtype() == DType.FLOAT32) {
            sgemm(a, transA, b, transB, c, true);
        } else {
            if (!transA && !transB) CommonOps_DDRM.multAdd(a.d(), b.d(), c.d());
            else if (transA && !transB) CommonOps_DDRM.multAddTransA(a.d(), b.d(), c.d());
            else if (!transA) CommonOps_DDRM.multAddTransB(a.d(), b.d(), c.d());
            else CommonOps_DDRM.multAddTransAB(a.d(), b.d(), c.d());
        }
    }

    /**
     * op(b) made ready for many products with it: packed once for float32 (a recurrent layer multiplies by W_hh at every
     * step), kept as it is for float64.
     *
     * @param b the right operand, used for many products
     * @param transB whether to use bᵀ
     * @return b, prepared
     */
    public static Prepared prepare(Tensor b, boolean transB) {
        if (b.dtype() != DType.FLOAT32) return new Prepared(b, transB, null);
        int k = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        return new Prepared(b, transB, Sgemm.pack(transB, n, k, b.f().data, 0, b.cols()));
    }

    /** A right-hand operand of matrix products, see {@link #prepare}. */
    public static final class Prepared {
        private final Tensor b;
        private final boolean transB;
        private final Sgemm.PackedB packed;

        private Prepared(Tensor b, boolean transB, Sgemm.PackedB packed) {
            this.b = b;
            this.transB = transB;
            this.packed = packed;
        }

        /**
         * c = a·op(b).
         *
         * @param a the left operand
         * @param c the result, overwritten
         */
        public void mult(Tensor a, Tensor c) {
            product(a, c, false);
        }

        /**
         * c = a·op(b) + bias, the row vector bias added to every row (none when null).
         *
         * @param a the left operand
         * @param bias a row added to every row of the product
         * @param c the result, overwritten
         */
        public void multBias(Tensor a, Tensor bias, Tensor c) {
            if (packed == null || bias == null) {
                product(a, c, false);
                addRows(bias, c);
                return;
            }
            checkShapes(a, c);
            Sgemm.multiplyBias(false, a.rows(), a.f().data, 0, a.cols(), packed, bias.f().data, c.f().data, 0, c.cols());
        }

        /**
         * c += (rows [row, row + c.rows()) of a)·op(b): a step's rows of a sequence-long tensor, read in place.
         *
         * @param a the left operand
         * @param row the first row of c to add to
         * @param c the result, added to
         */
        public void multAddRows(Tensor a, int row, Tensor c) {
            int rows = c.rows(), cols = a.cols();
            if (row < 0 || row + rows > a.rows()) {
                throw new IllegalStateException("Gemm: rows [" + row + ", " + (row + rows) + ") of a " + a.rows() + "-row matrix");
            }
            if (packed == null) {
                Tensor part = Tensor.zeros(a.dtype(), rows, cols);
                Tensor.copyRange(a, row * cols, part, 0, rows * cols);
                multAdd(part, c);
                return;
            }
            check(rows, cols, packed.k(), packed.n(), c);
            Sgemm.multiply(false, rows, a.f().data, row * cols, cols, packed, c.f().data, 0, c.cols(), true);
        }

        /**
         * c += a·op(b).
         *
         * @param a the left operand
         * @param c the result, added to
         */
        public void multAdd(Tensor a, Tensor c) {
            product(a, c, true);
        }

        private void checkShapes(Tensor a, Tensor c) {
            check(a.rows(), a.cols(), packed.k(), packed.n(), c);
        }

        private void product(Tensor a, Tensor c, boolean accumulate) {
            if (packed == null) {
                if (accumulate) Gemm.multAdd(a, false, b, transB, c);
                else Gemm.mult(a, false, b, transB, c);
                return;
            }
            checkShapes(a, c);
            Sgemm.multiply(false, a.rows(), a.f().data, 0, a.cols(), packed, c.f().data, 0, c.cols(), accumulate);
        }
    }

    private static void sgemm(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, boolean accumulate) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        check(m, k, kb, n, c);
        Sgemm.multiply(transA, transB, m, n, k, a.f().data, 0, a.cols(), b.f().data, 0, b.cols(), c.f().data, 0,
                c.cols(), accumulate);
    }
}
