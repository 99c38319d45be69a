package dev.gatelab.kernel;

/**
 * The element-wise operations of {@link ElementOp} in float64, plain Java with the JDK's exp and tanh: the path of
 * float64 layers, whose results are compared with PyTorch's to the last digits.
 */
public final class DoubleGates {
    private DoubleGates() {}

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
        boolean binary = op.binary();
        for (int r = 0; r < rows; r++) {
            int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
            if (op.rowWise()) {
                layerNormRow(op, n, a, ai, b, bi, out, oi);
                continue;
            }
            for (int j = 0; j < n; j++) out[oi + j] = apply(op, a[ai + j], binary ? b[bi + j] : 0);
        }
    }

    /** As the float32 kernels' layer normalisation, over one row, in double. */
    private static void layerNormRow(ElementOp op, int n, double[] a, int aAt, double[] b, int bAt, double[] out,
            int outAt) {
        double[] x = op == ElementOp.LAYER_NORM ? a : b;
        int xAt = op == ElementOp.LAYER_NORM ? aAt : bAt;
        double mean = 0;
        for (int j = 0; j < n; j++) mean += x[xAt + j];
        mean /= n;
        double var = 0;
        for (int j = 0; j < n; j++) var += (x[xAt + j] - mean) * (x[xAt + j] - mean);
        var /= n;
        double rstd = 1 / Math.sqrt(var + ElementOp.LAYER_NORM_EPS);
        if (op == ElementOp.LAYER_NORM) {
            for (int j = 0; j < n; j++) out[outAt + j] = (x[xAt + j] - mean) * rstd;
            return;
        }
        double meanA = 0, meanAy = 0;
        for (int j = 0; j < n; j++) {
            meanA += a[aAt + j];
            meanAy += a[aAt + j] * (x[xAt + j] - mean) * rstd;
        }
        meanA /= n;
        meanAy /= n;
        for (int j = 0; j < n; j++) out[outAt + j] = (a[aAt + j] - meanA - (x[xAt + j] - mean) * rstd * meanAy) * rstd;
    }

    static double apply(ElementOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case NEG -> -a;
            case ONE_MINUS -> 1 - a;
            case SIGMOID -> sigmoid(a);
            case TANH -> Math.tanh(a);
            case RELU -> Math.max(a, 0);
            case SIGMOID_OF_SUM -> sigmoid(a + b);
            case TANH_OF_SUM -> Math.tanh(a + b);
            case RELU_OF_SUM -> Math.max(a + b, 0);
            case COPY -> a;
            case ZERO -> 0;
            case SIGMOID_GRAD -> a * b * (1 - b);
            case TANH_GRAD -> a * (1 - b * b);
            case RELU_GRAD -> b > 0 ? a : 0;
            case LAYER_NORM, LAYER_NORM_GRAD -> throw new IllegalStateException(op + " works on whole rows");
        };
    }

    /** Split by sign so that exp never overflows; the formula of autograd's sigmoid. */
    private static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
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
