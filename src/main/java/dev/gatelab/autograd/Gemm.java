package dev.gatelab.autograd;

import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Matrix multiply on the tensors' matrix views, C = op(A)·op(B) or C += op(A)·op(B), where op transposes when asked.
 * The one place that picks EJML's float or double routine, so the rest of the code is written once.
 */
public final class Gemm {
    private Gemm() {}

    /** c = op(a)·op(b), overwriting c. */
    public static void mult(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c) {
        if (a.dtype() == DType.FLOAT32) {
            if (!transA && !transB) CommonOps_FDRM.mult(a.f(), b.f(), c.f());
            else if (transA && !transB) CommonOps_FDRM.multTransA(a.f(), b.f(), c.f());
            else if (!transA) CommonOps_FDRM.multTransB(a.f(), b.f(), c.f());
            else CommonOps_FDRM.multTransAB(a.f(), b.f(), c.f());
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
            if (!transA && !transB) CommonOps_FDRM.multAdd(a.f(), b.f(), c.f());
            else if (transA && !transB) CommonOps_FDRM.multAddTransA(a.f(), b.f(), c.f());
            else if (!transA) CommonOps_FDRM.multAddTransB(a.f(), b.f(), c.f());
            else CommonOps_FDRM.multAddTransAB(a.f(), b.f(), c.f());
        } else {
            if (!transA && !transB) CommonOps_DDRM.multAdd(a.d(), b.d(), c.d());
            else if (transA && !transB) CommonOps_DDRM.multAddTransA(a.d(), b.d(), c.d());
            else if (!transA) CommonOps_DDRM.multAddTransB(a.d(), b.d(), c.d());
            else CommonOps_DDRM.multAddTransAB(a.d(), b.d(), c.d());
        }
    }
}
