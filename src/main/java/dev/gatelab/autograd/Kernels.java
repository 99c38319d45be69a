package dev.gatelab.autograd;

import dev.gatelab.kernel.DoubleGates;
import dev.gatelab.kernel.ElementOp;
import dev.gatelab.kernel.GateKernels;

/** The element-wise kernels on tensors of either type: the one place autograd picks their float or double side. */
final class Kernels {
    private Kernels() {}

    /**
     * out[r·cols + j] = op(a[aAt + r·aStride + j], b[bAt + r·bStride + j]) for r &lt; rows, j &lt; cols; out whole.
     * out may be a or b.
     */
    static void apply(ElementOp op, int rows, int cols, Tensor a, int aAt, int aStride, Tensor b, int bAt, int bStride,
            Tensor out) {
        apply(op, rows, cols, a, aAt, aStride, b, bAt, bStride, out, 0);
    }

    /** As above, out's rows from element outAt on, one after another. */
    static void apply(ElementOp op, int rows, int cols, Tensor a, int aAt, int aStride, Tensor b, int bAt, int bStride,
            Tensor out, int outAt) {
        if (out.dtype() == DType.FLOAT32) {
            GateKernels.get().apply(op, rows, cols, a.f().data, aAt, aStride, b.f().data, bAt, bStride, out.f().data, outAt, cols);
        } else {
            DoubleGates.apply(op, rows, cols, a.d().data, aAt, aStride, b.d().data, bAt, bStride, out.d().data, outAt, cols);
        }
    }

    /** sums[c] += Σ_r source[r·cols + c], each column in row order. */
    static void addColumnSums(Tensor source, int rows, int cols, Tensor sums) {
        if (source.dtype() == DType.FLOAT32) GateKernels.get().addColumnSums(source.f().data, rows, cols, sums.f().data);
        else DoubleGates.addColumnSums(source.d().data, rows, cols, sums.d().data);
    }
}
