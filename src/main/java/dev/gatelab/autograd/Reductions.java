package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

/** Sums over everything or along one axis; means are sums scaled. */
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

    /**
     * Sum along one axis (negative axes count from the end), kept as a dimension of size 1 so the result broadcasts
     * back (PyTorch's keepdim=True). Each sum runs over the axis in order.
     */
    static Tensor sum(Tensor a, int axis) {
        int[] shape = a.shape();
        int ax = Shapes.axis("sum", shape, axis);
        int outer = 1, inner = 1, extent = shape[ax];
        for (int k = 0; k < ax; k++) outer *= shape[k];
        for (int k = ax + 1; k < shape.length; k++) inner *= shape[k];
        int[] outShape = shape.clone();
        outShape[ax] = 1;
        Tensor out = Tensor.resultOf(a.dtype(), outShape, a);
        int blocks = outer, width = inner;
        double[] acc = new double[blocks * width];
        for (int o = 0; o < blocks; o++) {
            for (int k = 0; k < extent; k++) {
                for (int i = 0; i < width; i++) acc[o * width + i] += a.get((o * extent + k) * width + i);
            }
        }
        for (int i = 0; i < acc.length; i++) out.set(i, acc[i]);
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int o = 0; o < blocks; o++) {
                for (int k = 0; k < extent; k++) {
                    for (int i = 0; i < width; i++) ga.add((o * extent + k) * width + i, g.get(o * width + i));
                }
            }
        });
        return out;
    }

    static Tensor mean(Tensor a) {
        return Ops.mul(sum(a), Tensor.scalar(a.dtype(), 1.0 / a.size()));
    }

    static Tensor mean(Tensor a, int axis) {
        int n = a.shape()[Shapes.axis("mean", a.shape(), axis)];
        return Ops.mul(sum(a, axis), Tensor.scalar(a.dtype(), 1.0 / n));
    }
}
