package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

/** Sums over everything, over rows (axis 0) or over columns (axis 1) of the matrix view; means are sums scaled. */
final class Reductions {
    private Reductions() {}

    static Tensor sum(Tensor a) {
        Tensor out = Tensor.resultOf(a.dtype(), new int[0], a);
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i);
        out.set(0, s);
        out.onBackward(() -> {
            double g = out.grad().get(0);
            Tensor ga = a.gradBuffer();
            for (int i = 0; i < a.size(); i++) ga.add(i, g);
        });
        return out;
    }

    /** Sum along {@code axis} of the matrix view, keeping it as a dimension of size 1 so the result broadcasts back. */
    static Tensor sum(Tensor a, int axis) {
        if (a.rank() != 2 || (axis != 0 && axis != 1 && axis != -1)) {
            throw new ArgumentException("sum(axis): expected a 2-D tensor and axis 0 or 1, got shape "
                    + Shapes.text(a.shape()) + " and axis " + axis);
        }
        int rows = a.rows(), cols = a.cols();
        boolean overRows = axis == 0;
        Tensor out = Tensor.resultOf(a.dtype(), overRows ? new int[] {1, cols} : new int[] {rows, 1}, a);
        double[] acc = new double[overRows ? cols : rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) acc[overRows ? c : r] += a.get(r * cols + c);
        }
        for (int i = 0; i < acc.length; i++) out.set(i, acc[i]);
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) ga.add(r * cols + c, g.get(overRows ? c : r));
            }
        });
        return out;
    }

    static Tensor mean(Tensor a) {
        return Ops.mul(sum(a), Tensor.scalar(a.dtype(), 1.0 / a.size()));
    }

    static Tensor mean(Tensor a, int axis) {
        int n = axis == 0 ? a.rows() : a.cols();
        return Ops.mul(sum(a, axis), Tensor.scalar(a.dtype(), 1.0 / n));
    }
}
