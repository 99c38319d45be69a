package dev.gatelab.autograd;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.Matrix;

/**
 * The elements under a {@link Tensor}: float32 in an EJML {@link FMatrixRMaj} or float64 in a {@link DMatrixRMaj},
 * row-major, with as many columns as the tensor's last dimension. Each element type writes each element-wise chore
 * once (read, write, fill, copy, add, find what is not finite), the way {@code kernel.Elements} serves the matrix
 * product for both, so Tensor keeps one field and no branch on its type.
 *
 * <p>Engine code outside this package that loops over the elements (optimizers, the cell engine) takes the array with
 * {@link #floats} or {@link #doubles}; a notebook reads and writes through {@link Tensor#get} and {@link Tensor#set}.
 */
public abstract sealed class Storage permits Storage.Floats, Storage.Doubles {
    private Storage() {}

    /**
     * @param t a FLOAT32 tensor
     * @return its elements in row-major order, shared and not copied, at least {@code t.size()} long
     */
    public static float[] floats(Tensor t) {
        if (!(t.storage() instanceof Floats s)) throw new IllegalArgumentException("Storage.floats: the tensor is " + t.dtype());
        return s.m.data;
    }

    /**
     * @param t a FLOAT64 tensor
     * @return its elements in row-major order, shared and not copied, at least {@code t.size()} long
     */
    public static double[] doubles(Tensor t) {
        if (!(t.storage() instanceof Doubles s)) throw new IllegalArgumentException("Storage.doubles: the tensor is " + t.dtype());
        return s.m.data;
    }

    /** Zeros, rows × cols. */
    static Storage zeros(DType dtype, int rows, int cols) {
        return dtype == DType.FLOAT32 ? new Floats(new FMatrixRMaj(rows, cols)) : new Doubles(new DMatrixRMaj(rows, cols));
    }

    /** rows × cols over an array (float[] or double[]) that may be longer: a view, or a scratch array's window. */
    static Storage over(Object array, int rows, int cols) {
        return array instanceof float[] a ? new Floats(FMatrixRMaj.wrap(rows, cols, a))
                : new Doubles(DMatrixRMaj.wrap(rows, cols, (double[]) array));
    }

    /** @return the array, shared (float[] or double[]) */
    abstract Object array();

    /** @return the EJML matrix, shared */
    abstract Matrix matrix();

    abstract int rows();

    abstract int cols();

    /** @return rows × cols */
    abstract int elements();

    abstract double get(int i);

    abstract void set(int i, double value);

    abstract void add(int i, double value);

    /** Elements [0, n) set to value. */
    abstract void fill(int n, double value);

    /** @return the first index below n whose element is NaN or infinite, or −1 */
    abstract int firstNonFinite(int n);

    /** dst[to + k] = this[from + k] for k &lt; n; dst of either type. */
    abstract void copyTo(int from, Storage dst, int to, int n);

    /** dst[to + k] += this[from + k] for k &lt; n; dst of either type. */
    abstract void addTo(int from, Storage dst, int to, int n);

    /** float32 elements. */
    static final class Floats extends Storage {
        final FMatrixRMaj m;

        Floats(FMatrixRMaj m) {
            this.m = m;
        }

        @Override
        int rows() {
            return m.numRows;
        }

        @Override
        int cols() {
            return m.numCols;
        }

        @Override
        int elements() {
            return m.getNumElements();
        }

        @Override
        Object array() {
            return m.data;
        }

        @Override
        Matrix matrix() {
            return m;
        }

        @Override
        double get(int i) {
            return m.data[i];
        }

        @Override
        void set(int i, double value) {
            m.data[i] = (float) value;
        }

        @Override
        void add(int i, double value) {
            m.data[i] += (float) value;
        }

        @Override
        void fill(int n, double value) {
            Arrays.fill(m.data, 0, n, (float) value);
        }

        @Override
        int firstNonFinite(int n) {
            float[] a = m.data;
            for (int i = 0; i < n; i++) if (!Float.isFinite(a[i])) return i;
            return -1;
        }

        @Override
        void copyTo(int from, Storage dst, int to, int n) {
            if (dst instanceof Floats d) System.arraycopy(m.data, from, d.m.data, to, n);
            else for (int k = 0; k < n; k++) dst.set(to + k, m.data[from + k]);
        }

        @Override
        void addTo(int from, Storage dst, int to, int n) {
            if (dst instanceof Floats d) {
                float[] a = m.data, b = d.m.data;
                for (int k = 0; k < n; k++) b[to + k] += a[from + k];
            } else {
                for (int k = 0; k < n; k++) dst.add(to + k, m.data[from + k]);
            }
        }
    }

    /** float64 elements. */
    static final class Doubles extends Storage {
        final DMatrixRMaj m;

        Doubles(DMatrixRMaj m) {
            this.m = m;
        }

        @Override
        int rows() {
            return m.numRows;
        }

        @Override
        int cols() {
            return m.numCols;
        }

        @Override
        int elements() {
            return m.getNumElements();
        }

        @Override
        Object array() {
            return m.data;
        }

        @Override
        Matrix matrix() {
            return m;
        }

        @Override
        double get(int i) {
            return m.data[i];
        }

        @Override
        void set(int i, double value) {
            m.data[i] = value;
        }

        @Override
        void add(int i, double value) {
            m.data[i] += value;
        }

        @Override
        void fill(int n, double value) {
            Arrays.fill(m.data, 0, n, value);
        }

        @Override
        int firstNonFinite(int n) {
            double[] a = m.data;
            for (int i = 0; i < n; i++) if (!Double.isFinite(a[i])) return i;
            return -1;
        }

        @Override
        void copyTo(int from, Storage dst, int to, int n) {
            if (dst instanceof Doubles d) System.arraycopy(m.data, from, d.m.data, to, n);
            else for (int k = 0; k < n; k++) dst.set(to + k, m.data[from + k]);
        }

        @Override
        void addTo(int from, Storage dst, int to, int n) {
            if (dst instanceof Doubles d) {
                double[] a = m.data, b = d.m.data;
                for (int k = 0; k < n; k++) b[to + k] += a[from + k];
            } else {
                for (int k = 0; k < n; k++) dst.add(to + k, m.data[from + k]);
            }
        }
    }
}
