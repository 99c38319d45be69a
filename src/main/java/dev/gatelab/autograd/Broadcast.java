package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;
import dev.gatelab.kernel.Arena;
import dev.gatelab.kernel.ElementOp;

/**
 * Binary element-wise operations on the matrix views, with PyTorch's broadcasting restricted to what recurrent
 * networks use: each operand's rows and columns either match the result's or are 1 (a row vector, a column vector or
 * a scalar). Backward sums the gradient over the broadcast dimensions.
 */
final class Broadcast {
    private Broadcast() {}

    interface Op {
        double apply(double x, double y);
    }

    /** Partial derivative of z = op(x, y) with respect to one operand, given x, y and z. */
    interface Partial {
        double at(double x, double y, double z);
    }

    static Tensor zip(String name, Tensor a, Tensor b, Op op, Partial da, Partial db) {
        return zip(name, a, b, op, da, db, null);
    }

    /**
     * As {@link #zip(String, Tensor, Tensor, Op, Partial, Partial)}, for an op the element-wise kernels have (ADD, SUB or
     * MUL, named by {@code kernel}): where b has a's shape, or is one row added to each of a's (a bias), forward and
     * backward run on the kernels over whole arrays. The bits are the element loop's: that loop computes in double and
     * rounds once to the tensor's type, and a sum or product of two floats rounded from double is the float one.
     */
    static Tensor zip(String name, Tensor a, Tensor b, Op op, Partial da, Partial db, ElementOp kernel) {
        if (a.dtype() != b.dtype()) {
            throw new ArgumentException(name + ": operands have different types, " + a.dtype() + " and "
                    + b.dtype() + "; convert one with to(DType)");
        }
        int rows = broadcastDim(name, a, b, a.rows(), b.rows());
        int cols = broadcastDim(name, a, b, a.cols(), b.cols());
        int[] shape = resultShape(a, b, rows, cols);
        Tensor out = Tensor.resultOf(a.dtype(), shape, a, b);
        boolean aWhole = a.rows() == rows && a.cols() == cols, bWhole = b.rows() == rows && b.cols() == cols;
        if (kernel != null && aWhole && (bWhole || (b.rows() == 1 && b.cols() == cols))) {
            return onKernels(kernel, a, b, out, rows, cols, bWhole);
        }
        int ar = a.rows() == 1 ? 0 : 1, ac = a.cols() == 1 ? 0 : 1;
        int br = b.rows() == 1 ? 0 : 1, bc = b.cols() == 1 ? 0 : 1;
        int aCols = a.cols(), bCols = b.cols();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = a.get(r * ar * aCols + c * ac);
                double y = b.get(r * br * bCols + c * bc);
                out.set(r * cols + c, op.apply(x, y));
            }
        }
        out.onBackward(() -> {
            Tensor g = out.grad();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int ia = r * ar * aCols + c * ac, ib = r * br * bCols + c * bc, io = r * cols + c;
                    double x = a.get(ia), y = b.get(ib), z = out.get(io), gz = g.get(io);
                    if (a.requiresGrad()) a.addGrad(ia, gz * da.at(x, y, z));
                    if (b.requiresGrad()) b.addGrad(ib, gz * db.at(x, y, z));
                }
            }
        });
        return out;
    }

    /** out = a op b, b whole or one row for every row of a, and its backward, on the element-wise kernels. */
    private static Tensor onKernels(ElementOp op, Tensor a, Tensor b, Tensor out, int rows, int cols, boolean bWhole) {
        int bStride = bWhole ? cols : 0;
        Kernels.apply(op, rows, cols, a, 0, cols, b, 0, bStride, out);
        out.onBackward(() -> {
            Tensor g = out.grad();
            if (a.requiresGrad()) {
                // ga += g (ADD, SUB) or ga += g·b (MUL), one rounding for the product and one for the sum.
                Tensor part = g;
                if (op == ElementOp.MUL) Kernels.apply(ElementOp.MUL, rows, cols, g, 0, cols, b, 0, bStride, part = scratch(g, OF_A));
                Kernels.apply(ElementOp.ADD, rows, cols, a.gradBuffer(), 0, cols, part, 0, cols, a.gradBuffer());
            }
            if (b.requiresGrad()) {
                // gb += g, −g or g·a, element by element, or summed over the rows in row order for a row.
                Tensor part = g;
                if (op == ElementOp.MUL) Kernels.apply(ElementOp.MUL, rows, cols, g, 0, cols, a, 0, cols, part = scratch(g, OF_B));
                if (op == ElementOp.SUB) Kernels.apply(ElementOp.NEG, rows, cols, g, 0, cols, g, 0, cols, part = scratch(g, OF_B));
                if (bWhole) Kernels.apply(ElementOp.ADD, rows, cols, b.gradBuffer(), 0, cols, part, 0, cols, b.gradBuffer());
                else Kernels.addColumnSums(part, rows, cols, b.gradBuffer());
            }
        });
        return out;
    }

    /** This thread's arrays for the part of the gradient that goes to a and to b before it is summed down. */
    private static final Arena.Slot OF_A = Arena.slot("broadcast: gradient of a"), OF_B = Arena.slot("broadcast: gradient of b");

    private static Tensor scratch(Tensor like, Arena.Slot which) {
        return Tensor.scratch(like.dtype(), which, like.rows(), like.cols());
    }

    private static int broadcastDim(String name, Tensor a, Tensor b, int m, int n) {
        if (m == n || n == 1) return m;
        if (m == 1) return n;
        throw new ArgumentException(name + ": shapes " + Shapes.text(a.shape()) + " and "
                + Shapes.text(b.shape()) + " do not broadcast (each dimension must match or be 1)");
    }

    private static int[] resultShape(Tensor a, Tensor b, int rows, int cols) {
        if (a.rows() == rows && a.cols() == cols && a.rank() >= b.rank()) return a.shape();
        if (b.rows() == rows && b.cols() == cols) return b.shape();
        if (a.rows() == rows && a.cols() == cols) return a.shape();
        return new int[] {rows, cols};
    }
}
