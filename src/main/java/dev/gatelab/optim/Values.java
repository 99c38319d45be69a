package dev.gatelab.optim;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Storage;
import dev.gatelab.autograd.Tensor;

/**
 * A parameter-sized array as an update loop reads and writes it: element i as a double, written back rounded to the
 * array's own type. One loop thus serves float32 and float64 on the arrays themselves, with the bits that
 * {@code Tensor.get} and {@code set} gave: where an update reads back a value it wrote, it uses {@link #rounded}.
 */
public abstract sealed class Values {
    private Values() {}

    /**
     * @param i a flat index
     * @return element i
     */
    public abstract double get(int i);

    /**
     * Writes element i, rounded to this array's type.
     *
     * @param i a flat index
     * @param value the new value
     */
    public abstract void set(int i, double value);

    /**
     * @param value any number
     * @return what {@link #set} would store for it
     */
    public abstract double rounded(double value);

    static Values of(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? new Floats(Storage.floats(t)) : new Doubles(Storage.doubles(t));
    }

    private static final class Floats extends Values {
        private final float[] a;

        Floats(float[] a) {
            this.a = a;
        }

        @Override
        public double get(int i) {
            return a[i];
        }

        @Override
        public void set(int i, double value) {
            a[i] = (float) value;
        }

        @Override
        public double rounded(double value) {
            return (float) value;
        }
    }

    private static final class Doubles extends Values {
        private final double[] a;

        Doubles(double[] a) {
            this.a = a;
        }

        @Override
        public double get(int i) {
            return a[i];
        }

        @Override
        public void set(int i, double value) {
            a[i] = value;
        }

        @Override
        public double rounded(double value) {
            return value;
        }
    }
}
