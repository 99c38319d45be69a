package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise operations with the Vector API: whole vectors of units at a time, with {@link FloatMath}'s exp,
 * sigmoid and tanh done lane by lane in the same operations, so the results are the bits {@link ScalarGates} gives.
 * Units that do not fill a last vector take the same steps in scalar code.
 *
 * <p>Why each operation is one loop in one method: C2 compiles a method within a budget of IR nodes, and the Vector
 * API's inlined code is large. Once the budget is spent, a helper method is left as a call, and each vector that
 * crosses such a call is boxed on the heap (hundreds of KB per step). So no method here passes a vector to another.
 */
final class VectorGates implements GateKernels.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    /**
     * Rows whose operands all lie end to end (the step's own scratch and saved blocks, states) run as one long row;
     * the others (a gate block inside the wide rows of a sequence-long array) row by row. Every operation is one loop
     * over the rows and the vectors of each, in one method, so no vector crosses a call.
     */
    @Override
    public void apply(ElementOp op, int rows, int n, float[] a, int aAt, int aStride, float[] b, int bAt, int bStride,
            float[] out, int outAt, int outStride) {
        if (op.rowWise()) {
            // A mean over each row's units, taken in unit order: the plain kernel's own code, for the same bits.
            for (int r = 0; r < rows; r++) {
                ScalarGates.layerNormRow(op, n, a, aAt + r * aStride, b, bAt + r * bStride, out, outAt + r * outStride);
            }
            return;
        }
        if (aStride == n && outStride == n && (!op.binary() || bStride == n)) {
            n *= rows;
            rows = 1;
        }
        int end = n - n % VL;
        switch (op) {
            case SIGMOID -> squash(rows, end, a, aAt, aStride, null, 0, 0, out, outAt, outStride, FloatMath.SIGMOID);
            case TANH -> squash(rows, end, a, aAt, aStride, null, 0, 0, out, outAt, outStride, FloatMath.TANH);
            case SIGMOID_OF_SUM -> squash(rows, end, a, aAt, aStride, b, bAt, bStride, out, outAt, outStride, FloatMath.SIGMOID);
            case TANH_OF_SUM -> squash(rows, end, a, aAt, aStride, b, bAt, bStride, out, outAt, outStride, FloatMath.TANH);
            default -> arithmetic(op, rows, end, a, aAt, aStride, b, bAt, bStride, out, outAt, outStride);
        }
        if (end < n) {
            for (int r = 0; r < rows; r++) {
                ScalarGates.applyRange(op, end, n, a, aAt + r * aStride, b, bAt + r * bStride, out, outAt + r * outStride);
            }
        }
    }

    /** The operations without exp, over elements [0, end) of each row: one loop each, so none switches per vector. */
    private static void arithmetic(ElementOp op, int rows, int end, float[] a, int aAt, int aStride, float[] b, int bAt,
            int bStride, float[] out, int outAt, int outStride) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        switch (op) {
            case ADD -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).add(FloatVector.fromArray(S, b, bi + j)).intoArray(out, oi + j);
                }
            }
            case SUB -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).sub(FloatVector.fromArray(S, b, bi + j)).intoArray(out, oi + j);
                }
            }
            case MUL -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).mul(FloatVector.fromArray(S, b, bi + j)).intoArray(out, oi + j);
                }
            }
            case NEG -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).neg().intoArray(out, oi + j);
                }
            }
            case ONE_MINUS -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) one.sub(FloatVector.fromArray(S, a, ai + j)).intoArray(out, oi + j);
                }
            }
            case RELU -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).max(0f).intoArray(out, oi + j);
                }
            }
            case RELU_OF_SUM -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).add(FloatVector.fromArray(S, b, bi + j)).max(0f).intoArray(out, oi + j);
                }
            }
            case COPY -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).intoArray(out, oi + j);
                }
            }
            case ZERO -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) zero.intoArray(out, oi + j);
                }
            }
            case SIGMOID_GRAD -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).mul(FloatVector.fromArray(S, b, bi + j)).mul(one.sub(FloatVector.fromArray(S, b, bi + j))).intoArray(out, oi + j);
                }
            }
            case TANH_GRAD -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, a, ai + j).mul(one.sub(FloatVector.fromArray(S, b, bi + j).mul(FloatVector.fromArray(S, b, bi + j)))).intoArray(out, oi + j);
                }
            }
            case RELU_GRAD -> {
                for (int r = 0; r < rows; r++) {
                    int ai = aAt + r * aStride, bi = bAt + r * bStride, oi = outAt + r * outStride;
                    for (int j = 0; j < end; j += VL) zero.blend(FloatVector.fromArray(S, a, ai + j), FloatVector.fromArray(S, b, bi + j).compare(VectorOperators.GT, 0f)).intoArray(out, oi + j);
                }
            }
            default -> throw new IllegalStateException(op + " is not arithmetic's");
        }
    }

    /**
     * out = a + b / (1 + e^{k·x}) with x = a or a + b, over elements [0, end) of each row, {k, a, b} = kab
     * ({@link FloatMath#squash}), with {@link FloatMath#exp}'s steps inline.
     */
    private static void squash(int rows, int end, float[] in, int aAt, int aStride, float[] add, int bAt, int bStride,
            float[] out, int outAt, int outStride, float[] kab) {
        FloatVector c6 = FloatVector.broadcast(S, FloatMath.C6), c5 = FloatVector.broadcast(S, FloatMath.C5);
        FloatVector c4 = FloatVector.broadcast(S, FloatMath.C4), c3 = FloatVector.broadcast(S, FloatMath.C3);
        FloatVector c2 = FloatVector.broadcast(S, FloatMath.C2), one = FloatVector.broadcast(S, 1f);
        float k = kab[0], offset = kab[1], scale = kab[2];
        for (int row = 0; row < rows; row++) {
            int ai = aAt + row * aStride, bi = bAt + row * bStride, oi = outAt + row * outStride;
            for (int j = 0; j < end; j += VL) {
                FloatVector v = FloatVector.fromArray(S, in, ai + j);
                if (add != null) v = v.add(FloatVector.fromArray(S, add, bi + j));
                FloatVector x = v.mul(k).max(FloatMath.MIN).min(FloatMath.MAX);
                FloatVector big = x.mul(FloatMath.LOG2E).add(FloatMath.MAGIC);
                FloatVector nearest = big.sub(FloatMath.MAGIC);
                FloatVector r = x.sub(nearest.mul(FloatMath.LN2_HI)).sub(nearest.mul(FloatMath.LN2_LO));
                FloatVector p = c6.fma(r, c5).fma(r, c4).fma(r, c3).fma(r, c2).fma(r, one).fma(r, one);
                IntVector bits = ((IntVector) big.reinterpretAsInts()).add(FloatMath.EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 23);
                FloatVector e = p.mul(bits.reinterpretAsFloats());
                one.div(e.add(1f)).mul(scale).add(offset).intoArray(out, oi + j);
            }
        }
    }

    /**
     * Vectors of columns kept in registers down all the rows: the plain loop is left scalar by the JIT, which cannot
     * tell that the sums and the source are different arrays. Each column is still summed in row order.
     */
    @Override
    public void addColumnSums(float[] source, int rows, int cols, float[] sums) {
        int end = cols - cols % VL, c = 0;
        // Four vectors of columns at a time: each row then gives one run of 4·VL floats, a good stride to stream.
        for (; c + 4 * VL <= end; c += 4 * VL) {
            FloatVector a0 = FloatVector.fromArray(S, sums, c), a1 = FloatVector.fromArray(S, sums, c + VL);
            FloatVector a2 = FloatVector.fromArray(S, sums, c + 2 * VL), a3 = FloatVector.fromArray(S, sums, c + 3 * VL);
            for (int r = 0, o = c; r < rows; r++, o += cols) {
                a0 = a0.add(FloatVector.fromArray(S, source, o));
                a1 = a1.add(FloatVector.fromArray(S, source, o + VL));
                a2 = a2.add(FloatVector.fromArray(S, source, o + 2 * VL));
                a3 = a3.add(FloatVector.fromArray(S, source, o + 3 * VL));
            }
            a0.intoArray(sums, c);
            a1.intoArray(sums, c + VL);
            a2.intoArray(sums, c + 2 * VL);
            a3.intoArray(sums, c + 3 * VL);
        }
        for (; c < end; c += VL) {
            FloatVector acc = FloatVector.fromArray(S, sums, c);
            for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(S, source, r * cols + c));
            acc.intoArray(sums, c);
        }
        ScalarGates.addColumnSums(source, rows, cols, sums, end);
    }
}
