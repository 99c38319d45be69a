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

    /** c = op(a)·op(b), overwriting c. */
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

    /** c += op(a)·op(b). */
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

    private static void sgemm(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, boolean accumulate) {
        int m = transA ? a.cols() : a.rows(), k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows(), n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalStateException("Gemm: [" + m + "×" + k + "]·[" + kb + "×" + n + "] into [" + c.rows() + "×"
                    + c.cols() + "]");
        }
        Sgemm.multiply(transA, transB, m, n, k, a.f().data, 0, a.cols(), b.f().data, 0, b.cols(), c.f().data, 0,
                c.cols(), accumulate);
    }
}
