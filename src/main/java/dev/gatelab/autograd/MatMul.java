package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

/**
 * C = op(A)·op(B) on the matrix views. With A' = op(A) and B' = op(B), dA' = dC·B'ᵀ and dB' = A'ᵀ·dC; a transposed
 * operand takes the transpose of that, which is again one multiply with the flags swapped.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (a.rank() > 2 || b.rank() > 2) {
            throw new ArgumentException("matmul: expected 2-D operands, got shapes " + Shapes.text(a.shape())
                    + " and " + Shapes.text(b.shape()) + "; reshape a sequence to [time*batch, features] first");
        }
        if (a.dtype() != b.dtype()) {
            throw new ArgumentException("matmul: operands have different types, " + a.dtype() + " and " + b.dtype());
        }
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb) {
            throw new ArgumentException("matmul: inner dimensions differ: " + describe(a, transA) + " · "
                    + describe(b, transB) + " (" + k + " vs " + kb + ")");
        }
        Tensor out = Tensor.resultOf(a.dtype(), new int[] {m, n}, a, b);
        Gemm.mult(a, transA, b, transB, out);
        out.onBackward(() -> {
            Tensor g = out.grad();
            if (a.requiresGrad()) {
                if (transA) Gemm.multAdd(b, transB, g, true, a.gradBuffer());
                else Gemm.multAdd(g, false, b, !transB, a.gradBuffer());
            }
            if (b.requiresGrad()) {
                if (transB) Gemm.multAdd(g, true, a, transA, b.gradBuffer());
                else Gemm.multAdd(a, !transA, g, false, b.gradBuffer());
            }
        });
        return out;
    }

    private static String describe(Tensor t, boolean transposed) {
        return Shapes.text(t.rows(), t.cols()) + (transposed ? "ᵀ" : "");
    }
}
