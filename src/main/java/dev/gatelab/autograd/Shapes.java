package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;
import java.util.Arrays;

/** Small helpers for shape arithmetic and for the shape text that error messages print. */
public final class Shapes {
    private Shapes() {}

    /**
     * @param shape a tensor's shape
     * @return its number of elements
     * @throws ArgumentException for a negative size, or a count past 2³¹ − 1
     */
    public static int size(int... shape) {
        int n = 1;
        for (int s : shape) {
            if (s < 0) throw new ArgumentException("shape " + text(shape) + " has a negative size");
            long next = (long) n * s;
            if (next > Integer.MAX_VALUE) {
                throw new ArgumentException("shape " + text(shape) + " has more than " + Integer.MAX_VALUE
                        + " elements, more than one tensor can hold");
            }
            n = (int) next;
        }
        return n;
    }

    /**
     * An axis of a shape, with negative axes counted from the end as in PyTorch (−1 is the last).
     *
     * @param op the operation, for the message
     * @param shape the tensor's shape
     * @param axis in [−rank, rank)
     * @return the axis in [0, rank)
     */
    public static int axis(String op, int[] shape, int axis) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new ArgumentException(op + ": axis " + axis + " is outside a tensor of shape " + text(shape)
                    + " (rank " + shape.length + ", axes " + (-shape.length) + " to " + (shape.length - 1) + ")");
        }
        return a;
    }

    /**
     * @param shape a tensor's shape
     * @return the shape as PyTorch prints it: [2, 3, 4]
     */
    public static String text(int... shape) {
        return Arrays.toString(shape);
    }
}
