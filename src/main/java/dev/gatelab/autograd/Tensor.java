package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;
import dev.gatelab.kernel.Arena;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.Matrix;

/**
 * An n-dimensional array (rank 0 to 3) stored row-major in one EJML matrix, with an optional place in the autograd
 * graph.
 *
 * <p>The EJML matrix has as many columns as the last dimension and as many rows as all the others together, so a
 * [time, batch, features] sequence is a (time·batch) × features matrix and one time step is a block of consecutive
 * rows. Operations that need two dimensions (matmul, sum over rows or columns, softmax, concat, slice) work on that
 * matrix view.
 *
 * <p>Every operation in {@link Ops} builds its result with {@link Engine#resultOf} and, when gradients are wanted,
 * registers its backward with {@link Engine#onBackward}: forward and backward side by side, backward accumulating into
 * the inputs' gradients. {@link #backward()} walks the graph once in reverse topological order and then frees it.
 * Those hooks live in {@link Engine}, apart from what a notebook calls here.
 */
public final class Tensor {
    private final int[] shape;
    private final DType dtype;
    private final Storage storage;

    private boolean requiresGrad;
    private volatile Tensor grad;
    Tensor[] parents = new Tensor[0];
    Runnable backwardFn;
    private boolean graphFreed;

    private Tensor(DType dtype, int[] shape) {
        this(dtype, shape, Storage.zeros(dtype, rows(shape, Shapes.size(shape)), columns(shape)));
    }

    private Tensor(DType dtype, int[] shape, Storage storage) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.storage = storage;
    }

    /** The matrix view's columns: the last dimension (1 for a scalar). */
    private static int columns(int[] shape) {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    /** The matrix view's rows: every dimension but the last, together. */
    private static int rows(int[] shape, int size) {
        int cols = columns(shape);
        return cols == 0 ? 0 : size / cols;
    }

    // ---------------------------------------------------------------- creation

    /**
     * A temporary tensor over this thread's array for {@code slot} in the {@link Arena}: no allocation once the array
     * is big enough, and contents left from the last use (not zeroed). The next {@code scratch} of the same slot on
     * this thread reuses the array, so a caller keeps it only for the span of one operation.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param slot whose array, a constant of the caller's
     * @param shape the shape wanted
     * @return a tensor over the scratch array
     */
    static Tensor scratch(DType dtype, Arena.Slot slot, int... shape) {
        int size = Shapes.size(shape);
        Object array = dtype == DType.FLOAT32 ? Arena.floats(slot, size) : Arena.doubles(slot, size);
        return new Tensor(dtype, shape, Storage.over(array, rows(shape, size), columns(shape)));
    }

    /**
     * A tensor of zeros.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param shape its shape
     * @return the tensor
     */
    public static Tensor zeros(DType dtype, int... shape) {
        return new Tensor(dtype, shape);
    }

    /**
     * A tensor of zeros in the default dtype.
     *
     * @param shape its shape
     * @return the tensor
     */
    public static Tensor zeros(int... shape) {
        return zeros(DType.defaultType(), shape);
    }

    /**
     * A tensor holding {@code values} (row-major) in the given shape.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param values the elements, row-major
     * @param shape the shape, holding values.length elements
     * @return the tensor
     */
    public static Tensor of(DType dtype, double[] values, int... shape) {
        Tensor t = new Tensor(dtype, shape);
        if (values.length != t.size()) {
            throw new ArgumentException("Tensor.of: shape " + Shapes.text(shape) + " holds " + t.size()
                    + " values but " + values.length + " were given");
        }
        for (int i = 0; i < values.length; i++) t.set(i, values[i]);
        return t;
    }

    /**
     * @param values the elements, row-major
     * @param shape the shape, holding values.length elements
     * @return a tensor of the default dtype
     */
    public static Tensor of(double[] values, int... shape) {
        return of(DType.defaultType(), values, shape);
    }

    /**
     * A 1-D tensor of the default dtype.
     *
     * @param values its elements
     * @return [values.length]
     */
    public static Tensor vector(double... values) {
        return of(DType.defaultType(), values, values.length);
    }

    /**
     * A 2-D tensor from nested arrays, as {@code torch.tensor([[1, 2], [3, 4]])}.
     *
     * @param rows the rows, all of one length
     * @return [rows.length, rows[0].length], in the default dtype
     */
    public static Tensor of(double[][] rows) {
        return of(DType.defaultType(), rows);
    }

    /**
     * A 2-D tensor from nested arrays.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param rows the rows, all of one length
     * @return [rows.length, rows[0].length]
     */
    public static Tensor of(DType dtype, double[][] rows) {
        return of(dtype, new double[][][] {rows}).reshape(rows.length, rows.length == 0 ? 0 : rows[0].length).copy();
    }

    /**
     * A 3-D tensor from nested arrays ([batch, time, features], say).
     *
     * @param blocks the blocks, all of one shape
     * @return [blocks.length, rows, columns], in the default dtype
     */
    public static Tensor of(double[][][] blocks) {
        return of(DType.defaultType(), blocks);
    }

    /**
     * A 3-D tensor from nested arrays.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param blocks the blocks, all of one shape
     * @return [blocks.length, rows, columns]
     */
    public static Tensor of(DType dtype, double[][][] blocks) {
        int a = blocks.length, b = a == 0 ? 0 : blocks[0].length, c = b == 0 ? 0 : blocks[0][0].length;
        Tensor t = new Tensor(dtype, new int[] {a, b, c});
        for (int i = 0; i < a; i++) {
            if (blocks[i].length != b) {
                throw new ArgumentException("Tensor.of: nested arrays must be rectangular; block " + i + " has "
                        + blocks[i].length + " rows, block 0 has " + b);
            }
            for (int j = 0; j < b; j++) {
                if (blocks[i][j].length != c) {
                    throw new ArgumentException("Tensor.of: nested arrays must be rectangular; row [" + i + ", " + j
                            + "] has " + blocks[i][j].length + " values, row [0, 0] has " + c);
                }
                for (int k = 0; k < c; k++) t.set((i * b + j) * c + k, blocks[i][j][k]);
            }
        }
        return t;
    }

    /**
     * A rank-0 tensor.
     *
     * @param dtype FLOAT32 or FLOAT64
     * @param value its one element
     * @return the tensor
     */
    public static Tensor scalar(DType dtype, double value) {
        return of(dtype, new double[] {value});
    }

    /**
     * Values drawn uniformly from [low, high).
     *
     * @param rng the generator
     * @param dtype FLOAT32 or FLOAT64
     * @param low the lowest value
     * @param high the bound above the values
     * @param shape its shape
     * @return the tensor
     */
    public static Tensor uniform(Rng rng, DType dtype, double low, double high, int... shape) {
        Tensor t = new Tensor(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.set(i, rng.uniform(low, high));
        return t;
    }

    /**
     * Values drawn from the standard normal distribution.
     *
     * @param rng the generator
     * @param dtype FLOAT32 or FLOAT64
     * @param shape its shape
     * @return the tensor
     */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        Tensor t = new Tensor(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.set(i, rng.normal());
        return t;
    }

    /**
     * A new tensor with the same values, outside any graph.
     *
     * @return the copy
     */
    public Tensor copy() {
        Tensor t = new Tensor(dtype, shape);
        copyRange(this, 0, t, 0, size());
        return t;
    }

    /**
     * The same values in another element type, outside any graph.
     *
     * @param target FLOAT32 or FLOAT64
     * @return a copy in that type (a copy even when this tensor is of that type already)
     */
    public Tensor to(DType target) {
        Tensor t = new Tensor(target, shape);
        for (int i = 0; i < size(); i++) t.set(i, get(i));
        return t;
    }

    /**
     * Builds the result of an operation: it joins the graph when any input requires a gradient. With
     * {@link #onBackward} and {@link #gradBuffer()} this is all a new operation needs (see {@link Ops}).
     *
     * @param dtype the result's type
     * @param shape the result's shape
     * @param inputs the operation's inputs
     * @return the result tensor, in the graph when gradients are on and an input needs one
     */
    static Tensor resultOf(DType dtype, int[] shape, Tensor... inputs) {
        Tensor out = new Tensor(dtype, shape);
        if (Grad.isEnabled()) {
            for (Tensor in : inputs) {
                if (in.requiresGrad) {
                    out.requiresGrad = true;
                    out.parents = inputs;
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The result of an operation that only changes the shape: it shares {@code a}'s elements (a view, as in PyTorch:
     * writing to either shows in both) and joins the graph as {@link #resultOf} does.
     */
    static Tensor resultView(Tensor a, int[] shape) {
        Tensor out = new Tensor(a.dtype, shape, Storage.over(a.storage.array(), rows(shape, a.size()), columns(shape)));
        if (Grad.isEnabled() && a.requiresGrad) {
            out.requiresGrad = true;
            out.parents = new Tensor[] {a};
        }
        return out;
    }

    /**
     * Registers this node's backward step; it is dropped when no gradient flows through the node.
     *
     * @param backward adds this result's gradient into its inputs' gradients
     */
    void onBackward(Runnable backward) {
        if (requiresGrad && parents.length > 0) backwardFn = backward;
    }

    // ---------------------------------------------------------------- shape and values

    /**
     * @return the shape (a copy)
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * @param axis an axis; negative axes count from the end
     * @return the size along it
     */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /**
     * @return the number of axes
     */
    public int rank() {
        return shape.length;
    }

    /**
     * @return the number of elements
     */
    public int size() {
        return storage.elements();
    }

    /**
     * @return FLOAT32 or FLOAT64
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * Rows of the matrix view: every dimension but the last.
     *
     * @return every dimension but the last, multiplied
     */
    public int rows() {
        return storage.rows();
    }

    /**
     * Columns of the matrix view: the last dimension.
     *
     * @return the last dimension
     */
    public int cols() {
        return storage.cols();
    }

    /**
     * The element at flat (row-major) index {@code i}.
     *
     * @param i a flat index
     * @return the element
     */
    public double get(int i) {
        return storage.get(i);
    }

    /**
     * Sets the element at flat (row-major) index {@code i}.
     *
     * @param i a flat index
     * @param value the new value
     */
    public void set(int i, double value) {
        storage.set(i, value);
    }

    /**
     * Adds {@code value} to the element at flat index {@code i}.
     *
     * @param i a flat index
     * @param value what to add
     */
    public void add(int i, double value) {
        storage.add(i, value);
    }

    /**
     * The element at a multi-dimensional index.
     *
     * @param index one index per axis
     * @return the element
     * @throws ArgumentException when the count of indices is not the rank, or an index is outside its axis
     */
    public double at(int... index) {
        return get(flat("at", index));
    }

    /**
     * The element at row {@code i}, column {@code j} of a 2-D tensor.
     *
     * @param i index along axis 0
     * @param j index along axis 1
     * @return the element
     */
    public double get(int i, int j) {
        return get(flat("get", i, j));
    }

    /**
     * The element at [i, j, k] of a 3-D tensor.
     *
     * @param i index along axis 0
     * @param j index along axis 1
     * @param k index along axis 2
     * @return the element
     */
    public double get(int i, int j, int k) {
        return get(flat("get", i, j, k));
    }

    /**
     * Sets the element at [i, j] of a 2-D tensor.
     *
     * @param i index along axis 0
     * @param j index along axis 1
     * @param value the new value
     */
    public void set(int i, int j, double value) {
        set(flat("set", i, j), value);
    }

    /**
     * Sets the element at [i, j, k] of a 3-D tensor.
     *
     * @param i index along axis 0
     * @param j index along axis 1
     * @param k index along axis 2
     * @param value the new value
     */
    public void set(int i, int j, int k, double value) {
        set(flat("set", i, j, k), value);
    }

    /** The flat index of a multi-dimensional one, checked against the shape. */
    private int flat(String op, int... index) {
        if (index.length != shape.length) {
            throw new ArgumentException("Tensor." + op + ": expected " + shape.length + " indices for shape "
                    + Shapes.text(shape) + ", got " + index.length);
        }
        int flat = 0;
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k]) {
                throw new ArgumentException("Tensor." + op + ": index " + Arrays.toString(index)
                        + " is outside shape " + Shapes.text(shape) + " (axis " + k + ")");
            }
            flat = flat * shape[k] + index[k];
        }
        return flat;
    }

    /**
     * Where the largest element is, as a flat (row-major) index; the first on a tie, NaN never.
     *
     * @return the flat index of the maximum
     */
    public int argmax() {
        int best = -1;
        for (int i = 0; i < size(); i++) if (!Double.isNaN(get(i)) && (best < 0 || get(i) > get(best))) best = i;
        if (best < 0) throw new ArgumentException("Tensor.argmax: no element that is a number in shape " + Shapes.text(shape));
        return best;
    }

    /**
     * The single value of a one-element tensor (a loss, say).
     *
     * @return the value
     */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, this one has shape "
                    + Shapes.text(shape));
        }
        return get(0);
    }

    /**
     * @return the elements, row-major, as doubles (a copy)
     */
    public double[] toArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) out[i] = get(i);
        return out;
    }

    /**
     * The largest |this − other| over all elements: how far apart two results are.
     *
     * @param other a tensor with as many elements
     * @return the largest difference
     */
    public double maxAbsDifference(Tensor other) {
        if (other.size() != size()) {
            throw new ArgumentException("maxAbsDifference: shapes " + Shapes.text(shape) + " and "
                    + Shapes.text(other.shape) + " hold different numbers of elements");
        }
        double max = 0;
        for (int i = 0; i < size(); i++) max = Math.max(max, Math.abs(get(i) - other.get(i)));
        return max;
    }

    /**
     * Overwrites every element with {@code values} (row-major); the graph is untouched.
     *
     * @param values as many values as elements, row-major
     * @return this tensor
     */
    public Tensor assign(double[] values) {
        if (values.length != size()) {
            throw new ArgumentException("assign: tensor of shape " + Shapes.text(shape) + " holds " + size()
                    + " values, " + values.length + " were given");
        }
        for (int i = 0; i < values.length; i++) set(i, values[i]);
        return this;
    }

    /**
     * Sets every element.
     *
     * @param value the value
     */
    public void fill(double value) {
        storage.fill(size(), value);
    }

    /** The flat index of the first NaN or infinity, or -1 when every element is finite. */
    int firstNonFinite() {
        return storage.firstNonFinite(size());
    }

    /**
     * dst[dstPos + i] += src[srcPos + i] for i &lt; n: how gradients flow back through the moving operations.
     *
     * @param src the source
     * @param srcPos where in the source to start
     * @param dst the destination
     * @param dstPos where in the destination to start
     * @param n how many elements
     */
    static void addRange(Tensor src, int srcPos, Tensor dst, int dstPos, int n) {
        src.storage.addTo(srcPos, dst.storage, dstPos, n);
    }

    /**
     * Copies {@code n} elements between tensors of the same type, by flat index.
     *
     * @param src the source
     * @param srcPos where in the source to start
     * @param dst the destination
     * @param dstPos where in the destination to start
     * @param n how many elements
     */
    static void copyRange(Tensor src, int srcPos, Tensor dst, int dstPos, int n) {
        src.storage.copyTo(srcPos, dst.storage, dstPos, n);
    }

    /**
     * The underlying EJML matrix (FMatrixRMaj for FLOAT32, DMatrixRMaj for FLOAT64), shared, not copied.
     *
     * @return the EJML matrix holding the elements
     */
    Matrix matrix() {
        return storage.matrix();
    }

    Storage storage() {
        return storage;
    }

    /** The float32 matrix, for autograd's kernels; a FLOAT64 tensor has none. */
    FMatrixRMaj f() {
        return storage instanceof Storage.Floats s ? s.m : null;
    }

    /** The float64 matrix, for autograd's kernels; a FLOAT32 tensor has none. */
    DMatrixRMaj d() {
        return storage instanceof Storage.Doubles s ? s.m : null;
    }

    // ---------------------------------------------------------------- gradients

    /**
     * @return whether a backward computes this tensor's gradient
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf (a parameter or an input) as wanting its gradient.
     *
     * @param wanted true to have backward compute its gradient
     * @return this tensor
     */
    public Tensor requiresGrad(boolean wanted) {
        if (parents.length > 0) {
            throw new IllegalStateException("requiresGrad can only be set on a leaf tensor, not on the result of an operation");
        }
        this.requiresGrad = wanted;
        return this;
    }

    /**
     * The accumulated gradient, or null before any backward reached this tensor.
     *
     * @return the gradient, or null
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * The gradient, created as zeros when missing: what a backward step accumulates into.
     *
     * @return the gradient, created at zero on first use
     */
    Tensor gradBuffer() {
        Tensor g = grad;
        if (g != null) return g;
        // Threads that each own rows of a gradient (the row blocks of a layer) may be first to ask for it at once:
        // one buffer must come out of that, or one thread's rows land in a buffer the other overwrites.
        synchronized (this) {
            if (grad == null) grad = new Tensor(dtype, shape);
            return grad;
        }
    }

    void addGrad(int i, double value) {
        gradBuffer().add(i, value);
    }

    /** Forgets the gradient, as before any backward. */
    public void zeroGrad() {
        if (grad != null) grad.fill(0);
    }

    /**
     * Adds g, a gradient of this tensor's size, into this tensor's gradient; when there is none yet, takes g's elements
     * as its own instead of copying them. Only for a g that no one reads afterwards: the gradient of a graph node,
     * handed on by that node's backward (Backprop drops such gradients once it is done).
     */
    void receiveGrad(Tensor g) {
        if (grad == null && g.dtype == dtype) grad = resultView(g, shape);
        else addRange(g, 0, gradBuffer(), 0, size());
    }

    /**
     * Replaces the gradient.
     *
     * @param g the new gradient, or null
     */
    public void setGrad(Tensor g) {
        this.grad = g;
    }

    /** Backpropagates from this scalar: d(this)/d(this) = 1. */
    public void backward() {
        if (size() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a one-element tensor, got shape "
                    + Shapes.text(shape) + "; pass the output gradient with backward(Tensor)");
        }
        Tensor seed = new Tensor(dtype, shape);
        seed.fill(1);
        backward(seed);
    }

    /**
     * Backpropagates {@code outputGrad} (same shape as this tensor) through the graph, then frees the graph.
     *
     * @param outputGrad the gradient of some scalar with respect to this tensor, of its shape
     */
    public void backward(Tensor outputGrad) {
        Backprop.run(this, outputGrad);
    }

    boolean isLeaf() {
        return parents.length == 0;
    }

    void detachFromGraph() {
        parents = new Tensor[0];
        backwardFn = null;
        graphFreed = true;
    }

    /** Whether a backward already ran through this result and freed the graph behind it. */
    boolean graphFreed() {
        return graphFreed;
    }

    /**
     * The same values outside the graph: nothing flows back through the result.
     *
     * @return a copy outside the graph
     */
    public Tensor detach() {
        return copy();
    }

    // ---------------------------------------------------------------- fluent operations (see Ops)

    /**
     * @param other broadcast to this shape
     * @return this + other, element-wise
     */
    public Tensor add(Tensor other) { return Ops.add(this, other); }
    /**
     * @param other broadcast to this shape
     * @return this − other, element-wise
     */
    public Tensor sub(Tensor other) { return Ops.sub(this, other); }
    /**
     * @param other broadcast to this shape
     * @return this · other, element-wise
     */
    public Tensor mul(Tensor other) { return Ops.mul(this, other); }
    /**
     * @param other broadcast to this shape
     * @return this / other, element-wise
     */
    public Tensor div(Tensor other) { return Ops.div(this, other); }
    /**
     * @param c a constant
     * @return this + c
     */
    public Tensor add(double c) { return Ops.add(this, scalar(dtype, c)); }
    /**
     * @param c a constant
     * @return this · c
     */
    public Tensor mul(double c) { return Ops.mul(this, scalar(dtype, c)); }
    /**
     * @return −this
     */
    public Tensor neg() { return Ops.neg(this); }
    /**
     * @return σ(this) = 1 / (1 + e^−this), element-wise
     */
    public Tensor sigmoid() { return Ops.sigmoid(this); }
    /**
     * @return tanh(this), element-wise
     */
    public Tensor tanh() { return Ops.tanh(this); }
    /**
     * @return max(0, this), element-wise
     */
    public Tensor relu() { return Ops.relu(this); }
    /**
     * @return e^this, element-wise
     */
    public Tensor exp() { return Ops.exp(this); }
    /**
     * @return the natural logarithm, element-wise
     */
    public Tensor log() { return Ops.log(this); }
    /**
     * @return |this|, element-wise
     */
    public Tensor abs() { return Ops.abs(this); }
    /**
     * @param p the exponent
     * @return this^p, element-wise
     */
    public Tensor pow(double p) { return Ops.pow(this, p); }
    /**
     * @param other [k, n] for this [m, k]
     * @return the matrix product [m, n]
     */
    public Tensor matmul(Tensor other) { return Ops.matmul(this, false, other, false); }
    /**
     * this · otherᵀ, the shape of a Linear layer: x · Wᵀ.
     *
     * @param other [n, k] for this [m, k]
     * @return this · otherᵀ, [m, n]
     */
    public Tensor matmulT(Tensor other) { return Ops.matmul(this, false, other, true); }
    /**
     * @return the sum of every element, rank 0
     */
    public Tensor sum() { return Ops.sum(this); }
    /**
     * @param axis the axis summed over; negative axes count from the end
     * @return the sums, with that axis kept at size 1 (keepdim)
     */
    public Tensor sum(int axis) { return Ops.sum(this, axis); }
    /**
     * @return the mean of every element, rank 0
     */
    public Tensor mean() { return Ops.mean(this); }
    /**
     * @param axis the axis averaged over; negative axes count from the end
     * @return the means, with that axis kept at size 1
     */
    public Tensor mean(int axis) { return Ops.mean(this, axis); }
    /**
     * @return the transpose of a 2-D tensor
     */
    public Tensor transpose() { return Ops.transpose(this); }
    /**
     * @param newShape the shape, with at most one −1 for "whatever is left"
     * @return a view of the same elements
     */
    public Tensor reshape(int... newShape) { return Ops.reshape(this, newShape); }
    /**
     * @param axis the axis; negative axes count from the end
     * @param start the first index kept
     * @param end one past the last
     * @return the elements [start, end) along the axis, every other axis whole
     */
    public Tensor slice(int axis, int start, int end) { return Ops.slice(this, axis, start, end); }
    /**
     * @return the softmax along the last axis
     */
    public Tensor softmax() { return Ops.softmax(this); }
    /**
     * @return the log of the softmax along the last axis, computed stably
     */
    public Tensor logSoftmax() { return Ops.logSoftmax(this); }

    /**
     * The values as PyTorch prints them, nested by axis, with long axes shortened to their first and last three.
     *
     * @return e.g. {@code Tensor([[0.1000, 0.2000], [0.3000, 0.4000]], FLOAT32)}
     */
    @Override
    public String toString() {
        return TensorText.of(this, requiresGrad);
    }
}
