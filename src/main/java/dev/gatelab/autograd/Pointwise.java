package dev.gatelab.autograd;

import java.util.function.DoubleUnaryOperator;

/**
 * Element-wise functions y = f(x). Each is defined by its forward and by its derivative written in terms of x and y,
 * so that the backward of every one is the same loop: dx += dy · f'(x, y).
 */
final class Pointwise {
    private Pointwise() {}

    /** The derivative of y = f(x), given both x and y (sigmoid and tanh are cheapest in y). */
    interface Derivative {
        double at(double x, double y);
    }

    static Tensor map(Tensor a, DoubleUnaryOperator f, Derivative df) {
        Tensor out = Tensor.resultOf(a.dtype(), a.shape(), a);
        int n = a.size();
        for (int i = 0; i < n; i++) out.set(i, f.applyAsDouble(a.get(i)));
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int i = 0; i < n; i++) ga.add(i, g.get(i) * df.at(a.get(i), out.get(i)));
        });
        return out;
    }

    static double sigmoid(double x) {
        // Split by sign so that exp never overflows.
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
