package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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
        if (op.rowWise()) throw new IllegalArgumentException(op + " works on whole rows: layerNorm and layerNormGrad run it");
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

    /** Vectors that make up one chunk of {@link ScalarGates#LANES} units, the accumulators of a row sum: 1, 2 or 4. */
    private static final int CHUNK = ScalarGates.LANES / VL;
    /** Whether this vector width can hold the row sums' lanes; if not, the plain kernel's code runs instead. */
    private static final boolean LANES_FIT = ScalarGates.LANES % VL == 0 && CHUNK <= 4;
    /**
     * Lane l takes lane l + k: {@link ScalarGates#rowSum}'s tree inside a vector. The accumulators are added first
     * (lanes l and l + 8 of the 16, in separate vectors below 16 lanes), then the vector is halved down to lane 0.
     */
    private static final VectorShuffle<Float> DOWN_8 = VectorShuffle.iota(S, 8, 1, true), DOWN_4 = VectorShuffle.iota(S, 4, 1, true),
            DOWN_2 = VectorShuffle.iota(S, 2, 1, true), DOWN_1 = VectorShuffle.iota(S, 1, 1, true);

    /**
     * Each row's two sums in ScalarGates' order: CHUNK accumulators, each vector the lanes of its part of a 16-unit
     * chunk, added in {@link ScalarGates#rowSum}'s tree by shuffles, then the units past the last chunk one by one.
     */
    @Override
    public void layerNorm(int rows, int n, float[] x, int xAt, int xStride, float[] y, int yAt, int yStride,
            float[] rstd, int rstdAt, int rstdStride) {
        if (!LANES_FIT) {
            GateKernels.plain().layerNorm(rows, n, x, xAt, xStride, y, yAt, yStride, rstd, rstdAt, rstdStride);
            return;
        }
        int chunks = n - n % ScalarGates.LANES, end = n - n % VL;
        for (int r = 0; r < rows; r++) {
            int xi = xAt + r * xStride, yi = yAt + r * yStride;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int j = 0; j < chunks; j += ScalarGates.LANES) {
                s0 = s0.add(FloatVector.fromArray(S, x, xi + j));
                if (CHUNK > 1) s1 = s1.add(FloatVector.fromArray(S, x, xi + j + VL));
                if (CHUNK > 2) {
                    s2 = s2.add(FloatVector.fromArray(S, x, xi + j + 2 * VL));
                    s3 = s3.add(FloatVector.fromArray(S, x, xi + j + 3 * VL));
                }
            }
            FloatVector u = CHUNK == 4 ? s0.add(s2).add(s1.add(s3)) : CHUNK == 2 ? s0.add(s1) : s0;
            if (VL > 8) u = u.add(u.rearrange(DOWN_8));
            if (VL > 4) u = u.add(u.rearrange(DOWN_4));
            u = u.add(u.rearrange(DOWN_2));
            float sum = u.add(u.rearrange(DOWN_1)).lane(0);
            for (int j = chunks; j < n; j++) sum += x[xi + j];
            float mean = sum / n;
            FloatVector m = FloatVector.broadcast(S, mean);
            s0 = FloatVector.zero(S);
            s1 = s2 = s3 = s0;
            for (int j = 0; j < chunks; j += ScalarGates.LANES) {
                FloatVector d0 = FloatVector.fromArray(S, x, xi + j).sub(m);
                s0 = s0.add(d0.mul(d0));
                if (CHUNK > 1) {
                    FloatVector d1 = FloatVector.fromArray(S, x, xi + j + VL).sub(m);
                    s1 = s1.add(d1.mul(d1));
                }
                if (CHUNK > 2) {
                    FloatVector d2 = FloatVector.fromArray(S, x, xi + j + 2 * VL).sub(m);
                    FloatVector d3 = FloatVector.fromArray(S, x, xi + j + 3 * VL).sub(m);
                    s2 = s2.add(d2.mul(d2));
                    s3 = s3.add(d3.mul(d3));
                }
            }
            u = CHUNK == 4 ? s0.add(s2).add(s1.add(s3)) : CHUNK == 2 ? s0.add(s1) : s0;
            if (VL > 8) u = u.add(u.rearrange(DOWN_8));
            if (VL > 4) u = u.add(u.rearrange(DOWN_4));
            u = u.add(u.rearrange(DOWN_2));
            float squares = u.add(u.rearrange(DOWN_1)).lane(0);
            for (int j = chunks; j < n; j++) {
                float d = x[xi + j] - mean;
                squares += d * d;
            }
            float s = ScalarGates.inverseDeviation(squares / n);
            for (int j = 0; j < end; j += VL) FloatVector.fromArray(S, x, xi + j).sub(m).mul(s).intoArray(y, yi + j);
            for (int j = end; j < n; j++) y[yi + j] = (x[xi + j] - mean) * s;
            rstd[rstdAt + r * rstdStride] = s;
        }
    }

    /** Σ a and Σ a·y in one pass, in ScalarGates' lanes as {@link #layerNorm}'s sums. */
    @Override
    public void layerNormGrad(int rows, int n, float[] a, int aAt, int aStride, float[] y, int yAt, int yStride,
            float[] rstd, int rstdAt, int rstdStride, float[] out, int outAt, int outStride) {
        if (!LANES_FIT) {
            GateKernels.plain().layerNormGrad(rows, n, a, aAt, aStride, y, yAt, yStride, rstd, rstdAt, rstdStride, out, outAt, outStride);
            return;
        }
        int chunks = n - n % ScalarGates.LANES, end = n - n % VL;
        for (int r = 0; r < rows; r++) {
            int ai = aAt + r * aStride, yi = yAt + r * yStride, oi = outAt + r * outStride;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, p0 = s0, p1 = s0, p2 = s0, p3 = s0;
            for (int j = 0; j < chunks; j += ScalarGates.LANES) {
                FloatVector a0 = FloatVector.fromArray(S, a, ai + j);
                s0 = s0.add(a0);
                p0 = p0.add(a0.mul(FloatVector.fromArray(S, y, yi + j)));
                if (CHUNK > 1) {
                    FloatVector a1 = FloatVector.fromArray(S, a, ai + j + VL);
                    s1 = s1.add(a1);
                    p1 = p1.add(a1.mul(FloatVector.fromArray(S, y, yi + j + VL)));
                }
                if (CHUNK > 2) {
                    FloatVector a2 = FloatVector.fromArray(S, a, ai + j + 2 * VL);
                    FloatVector a3 = FloatVector.fromArray(S, a, ai + j + 3 * VL);
                    s2 = s2.add(a2);
                    s3 = s3.add(a3);
                    p2 = p2.add(a2.mul(FloatVector.fromArray(S, y, yi + j + 2 * VL)));
                    p3 = p3.add(a3.mul(FloatVector.fromArray(S, y, yi + j + 3 * VL)));
                }
            }
            FloatVector u = CHUNK == 4 ? s0.add(s2).add(s1.add(s3)) : CHUNK == 2 ? s0.add(s1) : s0;
            FloatVector w = CHUNK == 4 ? p0.add(p2).add(p1.add(p3)) : CHUNK == 2 ? p0.add(p1) : p0;
            if (VL > 8) {
                u = u.add(u.rearrange(DOWN_8));
                w = w.add(w.rearrange(DOWN_8));
            }
            if (VL > 4) {
                u = u.add(u.rearrange(DOWN_4));
                w = w.add(w.rearrange(DOWN_4));
            }
            u = u.add(u.rearrange(DOWN_2));
            w = w.add(w.rearrange(DOWN_2));
            float sumA = u.add(u.rearrange(DOWN_1)).lane(0), sumAy = w.add(w.rearrange(DOWN_1)).lane(0);
            for (int j = chunks; j < n; j++) {
                sumA += a[ai + j];
                sumAy += a[ai + j] * y[yi + j];
            }
            float meanA = sumA / n, meanAy = sumAy / n;
            float s = rstd[rstdAt + r * rstdStride];
            for (int j = 0; j < end; j += VL) {
                FloatVector.fromArray(S, a, ai + j).sub(meanA).sub(FloatVector.fromArray(S, y, yi + j).mul(meanAy)).mul(s)
                        .intoArray(out, oi + j);
            }
            for (int j = end; j < n; j++) out[oi + j] = (a[ai + j] - meanA - y[yi + j] * meanAy) * s;
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
     * Adam a vector of elements at a time: each lane takes the scalar loop's operations in its order, each rounded
     * once (the float square root of a float is the double one rounded), so the bits are ScalarGates'. A vector with
     * a value that is not finite is looked at again in scalar code, which names the element.
     */
    @Override
    public int adam(float[] p, float[] grad, float[] m, float[] v, int n, GateKernels.AdamStep s, boolean commit) {
        FloatVector b1 = FloatVector.broadcast(S, s.b1()), oneMinusB1 = FloatVector.broadcast(S, s.oneMinusB1());
        FloatVector b2 = FloatVector.broadcast(S, s.b2()), oneMinusB2 = FloatVector.broadcast(S, s.oneMinusB2());
        FloatVector wd = FloatVector.broadcast(S, s.weightDecay()), shrink = FloatVector.broadcast(S, s.shrink());
        FloatVector step = FloatVector.broadcast(S, s.step()), c2 = FloatVector.broadcast(S, s.correction2Sqrt());
        FloatVector eps = FloatVector.broadcast(S, s.eps());
        boolean decoupled = s.decoupled();
        int end = n - n % VL, i = 0;
        for (; i < end; i += VL) {
            FloatVector g = FloatVector.fromArray(S, grad, i), pi = FloatVector.fromArray(S, p, i);
            if (decoupled) pi = pi.mul(shrink);
            else g = g.add(wd.mul(pi));
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(b1).add(oneMinusB1.mul(g));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(b2).add(oneMinusB2.mul(g).mul(g));
            FloatVector denom = vi.sqrt().div(c2).add(eps);
            FloatVector updated = pi.sub(step.mul(mi).div(denom));
            if (commit) {
                updated.intoArray(p, i);
                mi.intoArray(m, i);
                vi.intoArray(v, i);
            } else if (!updated.test(VectorOperators.IS_FINITE).and(mi.test(VectorOperators.IS_FINITE))
                    .and(vi.test(VectorOperators.IS_FINITE)).allTrue()) {
                return ScalarGates.adam(p, grad, m, v, i, i + VL, s, false);
            }
        }
        return ScalarGates.adam(p, grad, m, v, end, n, s, commit);
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
