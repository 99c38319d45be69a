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
        if (op.rowWise()) throw new IllegalArgumentException(op + " works on whole rows: layerNorm and layerNormGrad run it");
        for (int r = 0; r < rows; r++) {
            applyRange(op, 0, n, a, aAt + r * aStride, b, bAt + r * bStride, out, outAt + r * outStride);
        }
    }

    @Override
    public void layerNorm(int rows, int n, float[] x, int xAt, int xStride, float[] y, int yAt, int yStride,
            float[] rstd, int rstdAt, int rstdStride) {
        float[] lanes = new float[LANES];
        int chunks = n - n % LANES;
        for (int r = 0; r < rows; r++) {
            int xi = xAt + r * xStride, yi = yAt + r * yStride;
            java.util.Arrays.fill(lanes, 0f);
            for (int j = 0; j < chunks; j++) lanes[j & (LANES - 1)] += x[xi + j];
            float sum = rowSum(lanes);
            for (int j = chunks; j < n; j++) sum += x[xi + j];
            float mean = sum / n;
            java.util.Arrays.fill(lanes, 0f);
            for (int j = 0; j < chunks; j++) {
                float d = x[xi + j] - mean;
                lanes[j & (LANES - 1)] += d * d;
            }
            float squares = rowSum(lanes);
            for (int j = chunks; j < n; j++) {
                float d = x[xi + j] - mean;
                squares += d * d;
            }
            float s = inverseDeviation(squares / n);
            for (int j = 0; j < n; j++) y[yi + j] = (x[xi + j] - mean) * s;
            rstd[rstdAt + r * rstdStride] = s;
        }
    }

    @Override
    public void layerNormGrad(int rows, int n, float[] a, int aAt, int aStride, float[] y, int yAt, int yStride,
            float[] rstd, int rstdAt, int rstdStride, float[] out, int outAt, int outStride) {
        float[] lanes = new float[LANES], lanesAy = new float[LANES];
        int chunks = n - n % LANES;
        for (int r = 0; r < rows; r++) {
            int ai = aAt + r * aStride, yi = yAt + r * yStride, oi = outAt + r * outStride;
            java.util.Arrays.fill(lanes, 0f);
            java.util.Arrays.fill(lanesAy, 0f);
            for (int j = 0; j < chunks; j++) {
                lanes[j & (LANES - 1)] += a[ai + j];
                lanesAy[j & (LANES - 1)] += a[ai + j] * y[yi + j];
            }
            float sumA = rowSum(lanes), sumAy = rowSum(lanesAy);
            for (int j = chunks; j < n; j++) {
                sumA += a[ai + j];
                sumAy += a[ai + j] * y[yi + j];
            }
            float meanA = sumA / n, meanAy = sumAy / n, s = rstd[rstdAt + r * rstdStride];
            for (int j = 0; j < n; j++) out[oi + j] = (a[ai + j] - meanA - y[yi + j] * meanAy) * s;
        }
    }

    /** 1/σ from the variance, σ = √(var + ε), in the float arithmetic both kernels use. */
    static float inverseDeviation(float var) {
        return (float) (1 / Math.sqrt(var + (float) ElementOp.LAYER_NORM_EPS));
    }

    /**
     * The lanes of a row sum: over the whole chunks of 16 units, unit j is added to lane j mod 16 in unit order; the
     * lanes are added in {@link #rowSum}'s tree, then the units past the last chunk one by one.
     */
    static final int LANES = 16;

    /**
     * A row sum's {@link #LANES} partial sums added, halving: lane l takes lane l + 8, then l + 4, l + 2, l + 1.
     * Sixteen independent chains instead of one, and an order a vector of 4, 8 or 16 floats keeps as it is: its
     * accumulators are the lanes, and they are added in this tree whatever the width.
     *
     * @param lanes the partial sums
     * @return their total
     */
    static float rowSum(float[] lanes) {
        float l0 = lanes[0] + lanes[8], l1 = lanes[1] + lanes[9], l2 = lanes[2] + lanes[10], l3 = lanes[3] + lanes[11];
        float l4 = lanes[4] + lanes[12], l5 = lanes[5] + lanes[13], l6 = lanes[6] + lanes[14], l7 = lanes[7] + lanes[15];
        l0 += l4;
        l1 += l5;
        l2 += l6;
        l3 += l7;
        return (l0 + l2) + (l1 + l3);
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
    public int adam(float[] p, float[] grad, float[] m, float[] v, int n, GateKernels.AdamStep s, boolean commit) {
        return adam(p, grad, m, v, 0, n, s, commit);
    }

    /** Elements [from, n) only: the vector kernel's tail, and the chunk where it found a value not finite. */
    static int adam(float[] p, float[] grad, float[] m, float[] v, int from, int n, GateKernels.AdamStep s, boolean commit) {
        for (int i = from; i < n; i++) {
            float g = grad[i], pi = p[i];
            if (s.decoupled()) pi = pi * s.shrink();
            else g = g + s.weightDecay() * pi;
            float mi = m[i] * s.b1() + s.oneMinusB1() * g;
            float vi = v[i] * s.b2() + s.oneMinusB2() * g * g;
            float denom = (float) Math.sqrt(vi) / s.correction2Sqrt() + s.eps();
            float updated = pi - s.step() * mi / denom;
            if (commit) {
                p[i] = updated;
                m[i] = mi;
                v[i] = vi;
            } else if (!Float.isFinite(updated) || !Float.isFinite(mi) || !Float.isFinite(vi)) {
                return 3 * i + (!Float.isFinite(updated) ? 0 : !Float.isFinite(mi) ? 1 : 2);
            }
        }
        return -1;
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
