package dev.gatelab.kernel;

/**
 * The element-wise operations in plain Java, in float with {@link FloatMath}'s exp, sigmoid and tanh: the same
 * operations in the same order as {@link VectorGates}, which also calls {@link #apply(ElementOp, float, float)} for
 * the units that do not fill a last vector.
 */
final class ScalarGates implements GateKernels.Impl {
    @Override
    public String name() {
        return "plain-java";
    }

    @Override
    public void apply(ElementOp op, int rows, int n, float[] a, int aAt, int aStride, float[] b, int bAt, int bStride,
            float[] out, int outAt, int outStride) {
        for (int r = 0; r < rows; r++) {
            if (op.rowWise()) layerNormRow(op, n, a, aAt + r * aStride, b, bAt + r * bStride, out, outAt + r * outStride);
            else applyRange(op, 0, n, a, aAt + r * aStride, b, bAt + r * bStride, out, outAt + r * outStride);
        }
    }

    /**
     * LAYER_NORM of a, or LAYER_NORM_GRAD of adjoint a through the normalisation of x = b, over one row of n units;
     * {@link VectorGates} calls this too, so the sums are taken in the same order by both. Each sum runs on four
     * accumulators, units j ≡ 0, 1, 2, 3 (mod 4), added at the end in that order: four independent chains instead of
     * one, and an order that does not depend on the machine's vector width.
     */
    static void layerNormRow(ElementOp op, int n, float[] a, int aAt, float[] b, int bAt, float[] out, int outAt) {
        float[] x = op == ElementOp.LAYER_NORM ? a : b;
        int xAt = op == ElementOp.LAYER_NORM ? aAt : bAt;
        float mean = sum(x, xAt, n, 0f, false) / n;
        float var = sum(x, xAt, n, mean, true) / n;
        float rstd = (float) (1 / Math.sqrt(var + (float) ElementOp.LAYER_NORM_EPS));
        if (op == ElementOp.LAYER_NORM) {
            for (int j = 0; j < n; j++) out[outAt + j] = (x[xAt + j] - mean) * rstd;
            return;
        }
        float meanA = sum(a, aAt, n, 0f, false) / n;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            s0 += a[aAt + j] * ((x[xAt + j] - mean) * rstd);
            s1 += a[aAt + j + 1] * ((x[xAt + j + 1] - mean) * rstd);
            s2 += a[aAt + j + 2] * ((x[xAt + j + 2] - mean) * rstd);
            s3 += a[aAt + j + 3] * ((x[xAt + j + 3] - mean) * rstd);
        }
        for (; j < n; j++) s0 += a[aAt + j] * ((x[xAt + j] - mean) * rstd);
        float meanAy = (s0 + s1 + s2 + s3) / n;
        for (j = 0; j < n; j++) {
            float y = (x[xAt + j] - mean) * rstd;
            out[outAt + j] = (a[aAt + j] - meanA - y * meanAy) * rstd;
        }
    }

    /** Σ v_j, or with {@code squares} Σ (v_j − centre)², on four accumulators (see {@link #layerNormRow}). */
    private static float sum(float[] v, int at, int n, float centre, boolean squares) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int j = 0;
        if (squares) {
            for (; j + 4 <= n; j += 4) {
                float d0 = v[at + j] - centre, d1 = v[at + j + 1] - centre, d2 = v[at + j + 2] - centre, d3 = v[at + j + 3] - centre;
                s0 += d0 * d0;
                s1 += d1 * d1;
                s2 += d2 * d2;
                s3 += d3 * d3;
            }
            for (; j < n; j++) s0 += (v[at + j] - centre) * (v[at + j] - centre);
        } else {
            for (; j + 4 <= n; j += 4) {
                s0 += v[at + j];
                s1 += v[at + j + 1];
                s2 += v[at + j + 2];
                s3 += v[at + j + 3];
            }
            for (; j < n; j++) s0 += v[at + j];
        }
        return s0 + s1 + s2 + s3;
    }

    /** Elements [from, to) of one row. */
    static void applyRange(ElementOp op, int from, int to, float[] a, int aAt, float[] b, int bAt, float[] out, int outAt) {
        boolean binary = op.binary();
        for (int j = from; j < to; j++) out[outAt + j] = apply(op, a[aAt + j], binary ? b[bAt + j] : 0f);
    }

    /** One element; the vector kernel's operations are these, lane by lane. */
    static float apply(ElementOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case NEG -> -a;
            case ONE_MINUS -> 1f - a;
            case SIGMOID -> FloatMath.sigmoid(a);
            case TANH -> FloatMath.tanh(a);
            case RELU -> Math.max(a, 0f);
            case SIGMOID_OF_SUM -> FloatMath.sigmoid(a + b);
            case TANH_OF_SUM -> FloatMath.tanh(a + b);
            case RELU_OF_SUM -> Math.max(a + b, 0f);
            case COPY -> a;
            case ZERO -> 0f;
            case SIGMOID_GRAD -> a * b * (1f - b);
            case TANH_GRAD -> a * (1f - b * b);
            case RELU_GRAD -> b > 0f ? a : 0f;
            case LAYER_NORM, LAYER_NORM_GRAD -> throw new IllegalStateException(op + " works on whole rows");
        };
    }

    @Override
    public void addColumnSums(float[] source, int rows, int cols, float[] sums) {
        addColumnSums(source, rows, cols, sums, 0);
    }

    /** Columns [from, cols) only: the vector kernel's tail. */
    static void addColumnSums(float[] source, int rows, int cols, float[] sums, int from) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = from; c < cols; c++) sums[c] += source[o + c];
        }
    }
}
