package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate arithmetic with the Vector API: whole vectors of units at a time, with {@link FloatMath}'s exp, sigmoid and
 * tanh done lane by lane in the same operations, so the results are the bits {@link ScalarGates} gives. Units that do
 * not fill a last vector take the same steps in scalar code.
 *
 * <p>Why it is written as passes over arrays: C2 compiles a method within a budget of IR nodes, and the Vector API's
 * inlined code is large. Once the budget is spent, a helper method of ours is left as a call, and each vector that
 * crosses such a call is boxed on the heap (hundreds of KB per step). So no method here passes a vector to another:
 * sigmoid and tanh are a + b / (1 + e^{k·x}) ({@link FloatMath#squash}), done as three passes over the batch,
 * "scale", "exp" and "finish", that hand each other float arrays.
 */
final class VectorGates implements GateKernels.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    private static int vectorEnd(int n) {
        return n - n % VL;
    }

    /**
     * The squash constants of every unit of a row (see {@link FloatMath#squash}): k, a and b for unit j at kab[j],
     * kab[n + j] and kab[2n + j], the units [tanhFrom, tanhTo) being tanh and the others sigmoid. Each thread keeps the
     * last few layouts it used, so a layer's steps reuse them.
     */
    private static float[] constants(int n, int tanhFrom, int tanhTo) {
        Layouts mine = LAYOUTS.get();
        for (int i = 0; i < Layouts.KEEP; i++) {
            int[] key = mine.keys[i];
            if (key[0] == n && key[1] == tanhFrom && key[2] == tanhTo && mine.values[i] != null) return mine.values[i];
        }
        float[] kab = new float[3 * n];
        for (int j = 0; j < n; j++) {
            float[] f = j >= tanhFrom && j < tanhTo ? FloatMath.TANH : FloatMath.SIGMOID;
            kab[j] = f[0];
            kab[n + j] = f[1];
            kab[2 * n + j] = f[2];
        }
        int slot = mine.next++ % Layouts.KEEP;
        mine.keys[slot] = new int[] {n, tanhFrom, tanhTo};
        mine.values[slot] = kab;
        return kab;
    }

    private static final class Layouts {
        static final int KEEP = 4;
        final int[][] keys = new int[KEEP][3];
        final float[][] values = new float[KEEP][];
        int next;
    }

    private static final ThreadLocal<Layouts> LAYOUTS = ThreadLocal.withInitial(Layouts::new);

    /**
     * t[b·n + j] = k_j·(x[xAt + b·width + j] + y[b·width + j]) for the first n units of every row: the exponents of
     * the gates' squashes, gathered into one dense array so that exp runs over the whole batch in one loop.
     */
    private static void scaleSum(float[] x, int xAt, float[] y, int batch, int width, int n, float[] kab, float[] t) {
        int end = vectorEnd(n);
        for (int b = 0; b < batch; b++) {
            int yAt = b * width, xRow = xAt + yAt, tAt = b * n, j = 0;
            for (; j < end; j += VL) {
                FloatVector.fromArray(S, x, xRow + j).add(FloatVector.fromArray(S, y, yAt + j))
                        .mul(FloatVector.fromArray(S, kab, j)).intoArray(t, tAt + j);
            }
            for (; j < n; j++) t[tAt + j] = kab[j] * (x[xRow + j] + y[yAt + j]);
        }
    }

    /** t[j] = e^{t[j]} for j &lt; n, as {@link FloatMath#exp}. */
    private static void expInPlace(float[] t, int n) {
        int end = vectorEnd(n), j = 0;
        FloatVector c6 = FloatVector.broadcast(S, FloatMath.C6), c5 = FloatVector.broadcast(S, FloatMath.C5);
        FloatVector c4 = FloatVector.broadcast(S, FloatMath.C4), c3 = FloatVector.broadcast(S, FloatMath.C3);
        FloatVector c2 = FloatVector.broadcast(S, FloatMath.C2), one = FloatVector.broadcast(S, 1f);
        for (; j < end; j += VL) {
            FloatVector x = FloatVector.fromArray(S, t, j).max(FloatMath.MIN).min(FloatMath.MAX);
            FloatVector big = x.mul(FloatMath.LOG2E).add(FloatMath.MAGIC);
            FloatVector nearest = big.sub(FloatMath.MAGIC);
            FloatVector r = x.sub(nearest.mul(FloatMath.LN2_HI)).sub(nearest.mul(FloatMath.LN2_LO));
            FloatVector p = c6.fma(r, c5).fma(r, c4).fma(r, c3).fma(r, c2).fma(r, one).fma(r, one);
            IntVector bits = ((IntVector) big.reinterpretAsInts()).add(FloatMath.EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 23);
            p.mul(bits.reinterpretAsFloats()).intoArray(t, j);
        }
        for (; j < n; j++) t[j] = FloatMath.exp(t[j]);
    }

    /** out[b·width + from + j] = a_j + b_j·(1 / (1 + t[b·n + j])) for every row, t holding e^{k·x}. */
    private static void finish(float[] t, int batch, int n, float[] kab, float[] out, int width, int from) {
        int end = vectorEnd(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int tAt = b * n, outAt = b * width + from, j = 0;
            for (; j < end; j += VL) {
                one.div(FloatVector.fromArray(S, t, tAt + j).add(1f)).mul(FloatVector.fromArray(S, kab, 2 * n + j))
                        .add(FloatVector.fromArray(S, kab, n + j)).intoArray(out, outAt + j);
            }
            for (; j < n; j++) out[outAt + j] = kab[n + j] + kab[2 * n + j] * (1f / (1f + t[tAt + j]));
        }
    }

    private static float[] exponents(int n) {
        return Workspace.floats(4, n);
    }

    @Override
    public void lstmForward(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] cPrev, float[] act, float[] c,
            float[] m) {
        int width = 4 * hidden;
        float[] t = exponents(batch * width), gates = constants(width, 2 * hidden, 3 * hidden);
        scaleSum(xg, xgAt, hg, batch, width, width, gates, t);
        expInPlace(t, batch * width);
        finish(t, batch, width, gates, act, width, 0);
        lstmCellState(batch, hidden, act, cPrev, c, t);
        expInPlace(t, batch * hidden);
        lstmOutput(batch, hidden, act, t, m);
    }

    /** c = f⊙c_prev + i⊙g, and t = 2c, the exponent of tanh(c). */
    private static void lstmCellState(int batch, int hidden, float[] act, float[] cPrev, float[] c, float[] t) {
        int end = vectorEnd(hidden);
        for (int b = 0; b < batch; b++) {
            int row = 4 * b * hidden, k = b * hidden, j = 0;
            for (; j < end; j += VL) {
                int zi = row + j;
                FloatVector cell = FloatVector.fromArray(S, act, zi + hidden).mul(FloatVector.fromArray(S, cPrev, k + j))
                        .add(FloatVector.fromArray(S, act, zi).mul(FloatVector.fromArray(S, act, zi + 2 * hidden)));
                cell.intoArray(c, k + j);
                cell.mul(FloatMath.TANH[0]).intoArray(t, k + j);
            }
            for (; j < hidden; j++) {
                int zi = row + j;
                c[k + j] = act[zi + hidden] * cPrev[k + j] + act[zi] * act[zi + 2 * hidden];
                t[k + j] = FloatMath.TANH[0] * c[k + j];
            }
        }
    }

    /** m = o⊙tanh(c), t holding e^{2c}. */
    private static void lstmOutput(int batch, int hidden, float[] act, float[] t, float[] m) {
        float a = FloatMath.TANH[1], bb = FloatMath.TANH[2];
        int end = vectorEnd(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int zo = 4 * b * hidden + 3 * hidden, k = b * hidden, j = 0;
            for (; j < end; j += VL) {
                FloatVector tanh = one.div(FloatVector.fromArray(S, t, k + j).add(1f)).mul(bb).add(a);
                FloatVector.fromArray(S, act, zo + j).mul(tanh).intoArray(m, k + j);
            }
            for (; j < hidden; j++) m[k + j] = act[zo + j] * (a + bb * (1f / (1f + t[k + j])));
        }
    }

    @Override
    public void lstmBackward(int batch, int hidden, float[] act, float[] c, float[] cPrev, float[] dm, float[] dcNext,
            float[] dz, int dzAt, float[] dcPrev) {
        int n = batch * hidden;
        float[] t = exponents(n), tanh = constants(hidden, 0, hidden);
        for (int j = 0; j < n; j++) t[j] = FloatMath.TANH[0] * c[j];
        expInPlace(t, n);
        finish(t, batch, hidden, tanh, t, hidden, 0);
        for (int b = 0; b < batch; b++) lstmBackwardRow(hidden, b * 4 * hidden, b * hidden, act, t, cPrev, dm, dcNext, dz, dzAt, dcPrev);
    }

    /** One row of the LSTM's backward step, given tc = tanh(c). */
    private static void lstmBackwardRow(int hidden, int row, int k0, float[] act, float[] tc, float[] cPrev, float[] dm,
            float[] dcNext, float[] dz, int dzAt, float[] dcPrev) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int end = vectorEnd(hidden), j = 0;
        for (; j < end; j += VL) {
            int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden, k = k0 + j, out = dzAt + zi;
            FloatVector i = FloatVector.fromArray(S, act, zi), f = FloatVector.fromArray(S, act, zf);
            FloatVector g = FloatVector.fromArray(S, act, zg), o = FloatVector.fromArray(S, act, zo);
            FloatVector tanhC = FloatVector.fromArray(S, tc, k), dmk = FloatVector.fromArray(S, dm, k);
            FloatVector dc = FloatVector.fromArray(S, dcNext, k).add(dmk.mul(o).mul(one.sub(tanhC.mul(tanhC))));
            dc.mul(g).mul(i).mul(one.sub(i)).intoArray(dz, out);
            dc.mul(FloatVector.fromArray(S, cPrev, k)).mul(f).mul(one.sub(f)).intoArray(dz, out + hidden);
            dc.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, out + 2 * hidden);
            dmk.mul(tanhC).mul(o).mul(one.sub(o)).intoArray(dz, out + 3 * hidden);
            dc.mul(f).intoArray(dcPrev, k);
        }
        for (; j < hidden; j++) ScalarGates.lstmBackwardUnit(hidden, row + j, k0 + j, act, tc[k0 + j], cPrev, dm, dcNext, dz, dzAt,
                dcPrev);
    }

    @Override
    public void gruForward(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] hPrev, float[] act, float[] h) {
        int width = 3 * hidden;
        float[] t = exponents(batch * 2 * hidden), gates = constants(2 * hidden, 0, 0);
        scaleSum(xg, xgAt, hg, batch, width, 2 * hidden, gates, t);
        expInPlace(t, batch * 2 * hidden);
        finish(t, batch, 2 * hidden, gates, act, width, 0);
        gruCandidateExponent(batch, hidden, xg, xgAt, hg, act, t);
        expInPlace(t, batch * hidden);
        finish(t, batch, hidden, constants(hidden, 0, hidden), act, width, 2 * hidden);
        gruBlend(batch, hidden, act, hPrev, h);
    }

    /** t = 2·(xg_n + r⊙hg_n), the exponent of the candidate n = tanh(xg_n + r⊙hg_n). */
    private static void gruCandidateExponent(int batch, int hidden, float[] xg, int xgAt, float[] hg, float[] act,
            float[] t) {
        int end = vectorEnd(hidden);
        for (int b = 0; b < batch; b++) {
            int row = 3 * b * hidden, in = row + 2 * hidden, k = b * hidden, j = 0;
            for (; j < end; j += VL) {
                FloatVector.fromArray(S, xg, xgAt + in + j)
                        .add(FloatVector.fromArray(S, act, row + j).mul(FloatVector.fromArray(S, hg, in + j)))
                        .mul(FloatMath.TANH[0]).intoArray(t, k + j);
            }
            for (; j < hidden; j++) t[k + j] = FloatMath.TANH[0] * (xg[xgAt + in + j] + act[row + j] * hg[in + j]);
        }
    }

    /** h = (1−z)⊙n + z⊙h_prev. */
    private static void gruBlend(int batch, int hidden, float[] act, float[] hPrev, float[] h) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int end = vectorEnd(hidden);
        for (int b = 0; b < batch; b++) {
            int row = 3 * b * hidden, k = b * hidden, j = 0;
            for (; j < end; j += VL) {
                FloatVector z = FloatVector.fromArray(S, act, row + hidden + j);
                FloatVector n = FloatVector.fromArray(S, act, row + 2 * hidden + j);
                one.sub(z).mul(n).add(z.mul(FloatVector.fromArray(S, hPrev, k + j))).intoArray(h, k + j);
            }
            for (; j < hidden; j++) ScalarGates.gruBlend(hidden, act, row + j, hPrev, h, k + j);
        }
    }

    @Override
    public void gruBackward(int batch, int hidden, float[] act, float[] hg, float[] hPrev, float[] dh, float[] dxg,
            int dxgAt, float[] dhg, int dhgAt, float[] dhPrevDirect) {
        for (int b = 0; b < batch; b++) {
            gruBackwardRow(hidden, b * 3 * hidden, b * hidden, act, hg, hPrev, dh, dxg, dxgAt, dhg, dhgAt, dhPrevDirect);
        }
    }

    private static void gruBackwardRow(int hidden, int row, int k0, float[] act, float[] hg, float[] hPrev, float[] dh,
            float[] dxg, int dxgAt, float[] dhg, int dhgAt, float[] dhPrevDirect) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int end = vectorEnd(hidden), j = 0;
        for (; j < end; j += VL) {
            int ir = row + j, iz = ir + hidden, in = iz + hidden, k = k0 + j;
            FloatVector r = FloatVector.fromArray(S, act, ir), z = FloatVector.fromArray(S, act, iz);
            FloatVector n = FloatVector.fromArray(S, act, in), d = FloatVector.fromArray(S, dh, k);
            FloatVector dan = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dar = dan.mul(FloatVector.fromArray(S, hg, in)).mul(r).mul(one.sub(r));
            FloatVector daz = d.mul(FloatVector.fromArray(S, hPrev, k).sub(n)).mul(z).mul(one.sub(z));
            dar.intoArray(dxg, dxgAt + ir);
            daz.intoArray(dxg, dxgAt + iz);
            dan.intoArray(dxg, dxgAt + in);
            dar.intoArray(dhg, dhgAt + ir);
            daz.intoArray(dhg, dhgAt + iz);
            dan.mul(r).intoArray(dhg, dhgAt + in);
            d.mul(z).intoArray(dhPrevDirect, k);
        }
        for (; j < hidden; j++) ScalarGates.gruBackwardUnit(hidden, row + j, k0 + j, act, hg, hPrev, dh, dxg, dxgAt, dhg, dhgAt,
                    dhPrevDirect);
    }

    @Override
    public void rnnForward(int n, boolean relu, float[] xg, int xgAt, float[] hg, float[] h) {
        if (relu) {
            int end = vectorEnd(n), k = 0;
            for (; k < end; k += VL) {
                FloatVector.fromArray(S, xg, xgAt + k).add(FloatVector.fromArray(S, hg, k)).max(0f).intoArray(h, k);
            }
            for (; k < n; k++) h[k] = Math.max(xg[xgAt + k] + hg[k], 0f);
            return;
        }
        float[] t = exponents(n), tanh = constants(n, 0, n);
        scaleSum(xg, xgAt, hg, 1, n, n, tanh, t);
        expInPlace(t, n);
        finish(t, 1, n, tanh, h, n, 0);
    }

    @Override
    public void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da, int daAt) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        int end = vectorEnd(n), k = 0;
        for (; k < end; k += VL) {
            FloatVector hv = FloatVector.fromArray(S, h, k), d = FloatVector.fromArray(S, dh, k);
            (relu ? d.blend(zero, hv.compare(VectorOperators.LE, 0f)) : d.mul(one.sub(hv.mul(hv)))).intoArray(da, daAt + k);
        }
        ScalarGates.rnnBackwardRange(k, n, relu, h, dh, da, daAt);
    }

    /**
     * Vectors of columns kept in registers down all the rows: the plain loop is left scalar by the JIT, which cannot
     * tell that the sums and the source are different arrays. Each column is still summed in row order.
     */
    @Override
    public void addColumnSums(float[] source, int rows, int cols, float[] sums) {
        int end = vectorEnd(cols), c = 0;
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
