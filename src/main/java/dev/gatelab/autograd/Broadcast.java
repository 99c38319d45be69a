package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

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
        if (a.dtype() != b.dtype()) {
            throw new ArgumentException(name + ": operands have different types, " + a.dtype() + " and "
                    + b.dtype() + "; convert one with to(DType)");
        }
        int rows = broadcastDim(name, a, b, a.rows(), b.rows());
        int cols = broadcastDim(name, a, b, a.cols(), b.cols());
        int[] shape = resultShape(a, b, rows, cols);
        Tensor out = Tensor.resultOf(a.dtype(), shape, a, b);
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
