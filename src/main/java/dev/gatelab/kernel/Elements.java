package dev.gatelab.kernel;

/**
 * The element type of a matrix product, float or double, as {@link BlockedGemm} sees it: how to make and borrow its
 * arrays, and a strided copy, of which all packing is made. Everything else about a product is the same for both.
 *
 * @param <A> float[] or double[]
 */
abstract class Elements<A> {
    static final Elements<float[]> FLOAT = new Elements<>() {
        @Override
        float[] newArray(int n) {
            return new float[n];
        }

        @Override
        int length(float[] array) {
            return array.length;
        }

        @Override
        float[] scratch(Arena.Slot slot, int n) {
            return Arena.floats(slot, n);
        }

        @Override
        void copy(float[] src, int from, int srcStride, float[] dst, int to, int dstStride, int count) {
            if (srcStride == 1 && dstStride == 1) System.arraycopy(src, from, dst, to, count);
            else for (int j = 0; j < count; j++) dst[to + j * dstStride] = src[from + j * srcStride];
        }
    };

    static final Elements<double[]> DOUBLE = new Elements<>() {
        @Override
        double[] newArray(int n) {
            return new double[n];
        }

        @Override
        int length(double[] array) {
            return array.length;
        }

        @Override
        double[] scratch(Arena.Slot slot, int n) {
            return Arena.doubles(slot, n);
        }

        @Override
        void copy(double[] src, int from, int srcStride, double[] dst, int to, int dstStride, int count) {
            if (srcStride == 1 && dstStride == 1) System.arraycopy(src, from, dst, to, count);
            else for (int j = 0; j < count; j++) dst[to + j * dstStride] = src[from + j * srcStride];
        }
    };

    /** One zero, read with stride 0 to fill. */
    private final A zero = newArray(1);

    /** @return a new array of n zeros */
    abstract A newArray(int n);

    /** @return the array's length */
    abstract int length(A array);

    /** @return this thread's array for the slot, at least n long, contents undefined */
    abstract A scratch(Arena.Slot slot, int n);

    /** dst[to + j·dstStride] = src[from + j·srcStride] for j &lt; count. */
    abstract void copy(A src, int from, int srcStride, A dst, int to, int dstStride, int count);

    /** dst[to + j·stride] = 0 for j &lt; count. */
    final void zero(A dst, int to, int stride, int count) {
        copy(zero, 0, 0, dst, to, stride, count);
    }
}
