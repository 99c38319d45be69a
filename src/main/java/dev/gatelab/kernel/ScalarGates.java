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
            applyRange(op, 0, n, a, aAt + r * aStride, b, bAt + r * bStride, out, outAt + r * outStride);
        }
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
