package dev.gatelab.kernel;

/**
 * The element-wise operations of {@link ElementOp} in float64: the path of float64 layers, whose results are compared
 * with PyTorch's to the last digits. Sigmoid and tanh come from {@link DoubleMath}, on the Vector API when the JVM
 * has jdk.incubator.vector ({@link DoubleVectorSquash}) and in plain Java otherwise, the same bits either way. The
 * arithmetic is one plain loop per operation, which the JIT vectorises itself.
 */
public final class DoubleGates {
    /** Sigmoid or tanh of a or a + b over elements [0, end) of each row; the rest is left to the caller. */
    interface Squash {
        void apply(boolean tanh, int rows, int n, double[] a, int aAt, int aStride, double[] b, int bAt, int bStride,
                double[] out, int outAt, int outStride);

        /** @return how many elements of a row it leaves, from the end, for {@link DoubleMath} to do one by one */
        int lanes();
    }

    private static final Squash VECTOR = VectorApi.load("DoubleVectorSquash", Squash.class);

    private DoubleGates() {}

    /** @return "vector-{bits}" or "plain-java", for sigmoid and tanh */
    public static String name() {
        return VECTOR == null ? "plain-java" : VECTOR.toString();
    }

    /**
     * out[outAt + r·outStride + j] = op(a[aAt + r·aStride + j], b[bAt + r·bStride + j]) for r &lt; rows, j &lt; n.
     *
     * @param op the operation
     * @param rows rows of the block
     * @param n elements of each row
     * @param a the first operand
     * @param aAt where its first row starts
     * @param aStride the distance between its rows
     * @param b the second operand (ignored by unary operations)
     * @param bAt where its first row starts
     * @param bStride the distance between its rows
     * @param out the result
     * @param outAt where its first row starts
     * @param outStride the distance between its rows
     */
    public static void apply(ElementOp op, int rows, int n, double[] a, int aAt, int aStride, double[] b, int bAt,
            int bStride, double[] out, int outAt, int outStride) {
        apply(op, rows, n, a, aAt, aStride, b, bAt, bStride, out, outAt, outStride, VECTOR);
    }

    /** As the public apply, with sigmoid and tanh on the given vector kernel, or in plain Java when it is null. */
    static void apply(ElementOp op, int rows, int n, double[] a, int aAt, int aStride, double[] b, int bAt,
            int bStride, double[] out, int outAt, int outStride, Squash vector) {
        if (op.rowWise()) throw new IllegalArgumentException(op + " works on whole rows: layerNorm and layerNormGrad run it");
        if (aStride == n && outStride == n && (!op.binary() || bStride == n)) {
            // Rows that lie end to end are one long row.
            n *= rows;
            rows = 1;
        }
        boolean tanh = op == ElementOp.TANH || op == ElementOp.TANH_OF_SUM;
        boolean squash = tanh || op == ElementOp.SIGMOID || op == ElementOp.SIGMOID_OF_SUM;
        int from = 0;
        if (squash && vector != null) {
            double[] add = op.binary() ? b : null;
            vector.apply(tanh, rows, n, a, aAt, aStride, add, bAt, bStride, out, outAt, outStride);
            from = n - n % vector.lanes();
        }
        for (int r = 0; r < rows; r++) {
            int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
            switch (op) {
                case ADD -> { for (int j = from; j < n; j++) out[oi + j] = a[ai + j] + b[bi + j]; }
                case SUB -> { for (int j = from; j < n; j++) out[oi + j] = a[ai + j] - b[bi + j]; }
                case MUL -> { for (int j = from; j < n; j++) out[oi + j] = a[ai + j] * b[bi + j]; }
                case NEG -> { for (int j = from; j < n; j++) out[oi + j] = -a[ai + j]; }
                case ONE_MINUS -> { for (int j = from; j < n; j++) out[oi + j] = 1 - a[ai + j]; }
                case RELU -> { for (int j = from; j < n; j++) out[oi + j] = Math.max(a[ai + j], 0); }
                case RELU_OF_SUM -> { for (int j = from; j < n; j++) out[oi + j] = Math.max(a[ai + j] + b[bi + j], 0); }
                case COPY -> System.arraycopy(a, ai + from, out, oi + from, n - from);
                case ZERO -> java.util.Arrays.fill(out, oi + from, oi + n, 0);
                case SIGMOID_GRAD -> { for (int j = from; j < n; j++) out[oi + j] = a[ai + j] * b[bi + j] * (1 - b[bi + j]); }
                case TANH_GRAD -> { for (int j = from; j < n; j++) out[oi + j] = a[ai + j] * (1 - b[bi + j] * b[bi + j]); }
                case RELU_GRAD -> { for (int j = from; j < n; j++) out[oi + j] = b[bi + j] > 0 ? a[ai + j] : 0; }
                case SIGMOID -> { for (int j = from; j < n; j++) out[oi + j] = DoubleMath.sigmoid(a[ai + j]); }
                case TANH -> { for (int j = from; j < n; j++) out[oi + j] = DoubleMath.tanh(a[ai + j]); }
                case SIGMOID_OF_SUM -> { for (int j = from; j < n; j++) out[oi + j] = DoubleMath.sigmoid(a[ai + j] + b[bi + j]); }
                case TANH_OF_SUM -> { for (int j = from; j < n; j++) out[oi + j] = DoubleMath.tanh(a[ai + j] + b[bi + j]); }
                case LAYER_NORM, LAYER_NORM_GRAD -> throw new IllegalStateException(op + " works on whole rows");
            }
        }
    }

    /**
     * As the float32 kernels' {@link GateKernels.Impl#layerNorm}, in double, each sum in unit order.
     *
     * @param rows the rows
     * @param n units per row
     * @param x the rows to normalise
     * @param xAt where the first starts
     * @param xStride the distance between rows
     * @param y the normalised rows
     * @param yAt where the first starts
     * @param yStride the distance between rows
     * @param rstd each row's 1/σ
     * @param rstdAt where the first row's is
     * @param rstdStride the distance between rows'
     */
    public static void layerNorm(int rows, int n, double[] x, int xAt, int xStride, double[] y, int yAt, int yStride,
            double[] rstd, int rstdAt, int rstdStride) {
        for (int r = 0; r < rows; r++) {
            int xi = xAt + r * xStride, yi = yAt + r * yStride;
            double mean = 0;
            for (int j = 0; j < n; j++) mean += x[xi + j];
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) var += (x[xi + j] - mean) * (x[xi + j] - mean);
            var /= n;
            double s = 1 / Math.sqrt(var + ElementOp.LAYER_NORM_EPS);
            for (int j = 0; j < n; j++) y[yi + j] = (x[xi + j] - mean) * s;
            rstd[rstdAt + r * rstdStride] = s;
        }
    }

    /**
     * As the float32 kernels' {@link GateKernels.Impl#layerNormGrad}, in double: out = (a − mean(a) − y·mean(a·y))/σ.
     *
     * @param rows the rows
     * @param n units per row
     * @param a the adjoint at the normalised rows
     * @param aAt where its first row starts
     * @param aStride the distance between rows
     * @param y the normalised rows
     * @param yAt where the first starts
     * @param yStride the distance between rows
     * @param rstd each row's 1/σ
     * @param rstdAt where the first row's is
     * @param rstdStride the distance between rows'
     * @param out the adjoint at the rows before normalisation
     * @param outAt where its first row starts
     * @param outStride the distance between rows
     */
    public static void layerNormGrad(int rows, int n, double[] a, int aAt, int aStride, double[] y, int yAt, int yStride,
            double[] rstd, int rstdAt, int rstdStride, double[] out, int outAt, int outStride) {
        for (int r = 0; r < rows; r++) {
            int ai = aAt + r * aStride, yi = yAt + r * yStride, oi = outAt + r * outStride;
            double meanA = 0, meanAy = 0;
            for (int j = 0; j < n; j++) {
                meanA += a[ai + j];
                meanAy += a[ai + j] * y[yi + j];
            }
            meanA /= n;
            meanAy /= n;
            double s = rstd[rstdAt + r * rstdStride];
            for (int j = 0; j < n; j++) out[oi + j] = (a[ai + j] - meanA - y[yi + j] * meanAy) * s;
        }
    }

    /**
     * sums[c] += Σ_r source[r·cols + c], each column summed in row order.
     *
     * @param source rows × cols values
     * @param rows the rows to sum
     * @param cols the columns
     * @param sums the column sums, added to
     */
    public static void addColumnSums(double[] source, int rows, int cols, double[] sums) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) sums[c] += source[o + c];
        }
    }
}
