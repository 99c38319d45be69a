package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;
import java.util.Arrays;

/** Small helpers for shape arithmetic and for the shape text that error messages print. */
public final class Shapes {
    private Shapes() {}

    public static int size(int... shape) {
        int n = 1;
        for (int s : shape) {
            if (s < 0) throw new ArgumentException("shape " + text(shape) + " has a negative size");
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** A shape as PyTorch prints it: [2, 3, 4]. */
    public static String text(int... shape) {
        return Arrays.toString(shape);
    }
}
