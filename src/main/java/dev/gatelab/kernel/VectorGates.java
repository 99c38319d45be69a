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
 * sigmoid and tanh are a + b / (1 + e^{k·x}) ({@link FloatMath#squash}), done as three passes over a row, "scale",
 * "exp" and "finish", that hand each other float arrays.
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

    /** t[tAt + j] = k·(x[xAt + j] + y[xAt + j]) for j &lt; n: the exponent of a gate's squash. */
    private static void scaleSum(float[] x, float[] y, int xAt, float k, float[] t, int tAt, int n) {
        int end = vectorEnd(n), j = 0;
        for (; j < end; j += VL) {
            FloatVector.fromArray(S, x, xAt + j).add(FloatVector.fromArray(S, y, xAt + j)).mul(k).intoArray(t, tAt + j);
        }
        for (; j < n; j++) t[tAt + j] = k * (x[xAt + j] + y[xAt + j]);
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

    /** out[outAt + j] = a + b·(1 / (1 + t[tAt + j])) for j &lt; n, t holding e^{k·x}. */
    private static void finish(float[] t, int tAt, float[] kab, float[] out, int outAt, int n) {
        float a = kab[1], b = kab[2];
        int end = vectorEnd(n), j = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; j < end; j += VL) {
            one.div(FloatVector.fromArray(S, t, tAt + j).add(1f)).mul(b).add(a).intoArray(out, outAt + j);
        }
        for (; j < n; j++) out[outAt + j] = a + b * (1f / (1f + t[tAt + j]));
    }

    private static float[] exponents(int n) {
        return Workspace.floats(4, n);
    }

    private static float[] kab(int gate, int tanhGate) {
        return gate == tanhGate ? FloatMath.TANH : FloatMath.SIGMOID;
    }

    @Override
    public void lstmForward(int batch, int hidden, float[] xg, float[] hg, float[] cPrev, float[] act, float[] c, float[] m) {
        float[] t = exponents(4 * hidden);
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden, k = b * hidden;
            for (int gate = 0; gate < 4; gate++) scaleSum(xg, hg, row + gate * hidden, kab(gate, 2)[0], t, gate * hidden, hidden);
            expInPlace(t, 4 * hidden);
            for (int gate = 0; gate < 4; gate++) finish(t, gate * hidden, kab(gate, 2), act, row + gate * hidden, hidden);
            lstmCellState(hidden, act, row, cPrev, c, k, t);
            expInPlace(t, hidden);
            finish(t, 0, FloatMath.TANH, m, k, hidden);
            multiplyInPlace(m, k, act, row + 3 * hidden, hidden);
        }
    }

    /** c = f⊙c_prev + i⊙g for one row, and t = 2c, the exponent of tanh(c). */
    private static void lstmCellState(int hidden, float[] act, int row, float[] cPrev, float[] c, int k, float[] t) {
        int end = vectorEnd(hidden), j = 0;
        for (; j < end; j += VL) {
            int zi = row + j;
            FloatVector cell = FloatVector.fromArray(S, act, zi + hidden).mul(FloatVector.fromArray(S, cPrev, k + j))
                    .add(FloatVector.fromArray(S, act, zi).mul(FloatVector.fromArray(S, act, zi + 2 * hidden)));
            cell.intoArray(c, k + j);
            cell.mul(FloatMath.TANH[0]).intoArray(t, j);
        }
        for (; j < hidden; j++) {
            int zi = row + j;
            c[k + j] = act[zi + hidden] * cPrev[k + j] + act[zi] * act[zi + 2 * hidden];
            t[j] = FloatMath.TANH[0] * c[k + j];
        }
    }

    /** y[yAt + j] = x[xAt + j]·y[yAt + j] for j &lt; n. */
    private static void multiplyInPlace(float[] y, int yAt, float[] x, int xAt, int n) {
        int end = vectorEnd(n), j = 0;
        for (; j < end; j += VL) {
            FloatVector.fromArray(S, x, xAt + j).mul(FloatVector.fromArray(S, y, yAt + j)).intoArray(y, yAt + j);
        }
        for (; j < n; j++) y[yAt + j] = x[xAt + j] * y[yAt + j];
    }

    @Override
    public void lstmBackward(int batch, int hidden, float[] act, float[] c, float[] cPrev, float[] dm, float[] dcNext,
            float[] dz, float[] dcPrev) {
        float[] t = exponents(hidden);
        for (int b = 0; b < batch; b++) {
            int k = b * hidden;
            for (int j = 0; j < hidden; j++) t[j] = FloatMath.TANH[0] * c[k + j];
            expInPlace(t, hidden);
            finish(t, 0, FloatMath.TANH, t, 0, hidden);
            lstmBackwardRow(hidden, b * 4 * hidden, k, act, t, cPrev, dm, dcNext, dz, dcPrev);
        }
    }

    /** One row of the LSTM's backward step, given tc = tanh(c) for the row. */
    private static void lstmBackwardRow(int hidden, int row, int k0, float[] act, float[] tc, float[] cPrev, float[] dm,
            float[] dcNext, float[] dz, float[] dcPrev) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int end = vectorEnd(hidden), j = 0;
        for (; j < end; j += VL) {
            int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden, k = k0 + j;
            FloatVector i = FloatVector.fromArray(S, act, zi), f = FloatVector.fromArray(S, act, zf);
            FloatVector g = FloatVector.fromArray(S, act, zg), o = FloatVector.fromArray(S, act, zo);
            FloatVector tanhC = FloatVector.fromArray(S, tc, j), dmk = FloatVector.fromArray(S, dm, k);
            FloatVector dc = FloatVector.fromArray(S, dcNext, k).add(dmk.mul(o).mul(one.sub(tanhC.mul(tanhC))));
            dc.mul(g).mul(i).mul(one.sub(i)).intoArray(dz, zi);
            dc.mul(FloatVector.fromArray(S, cPrev, k)).mul(f).mul(one.sub(f)).intoArray(dz, zf);
            dc.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, zg);
            dmk.mul(tanhC).mul(o).mul(one.sub(o)).intoArray(dz, zo);
            dc.mul(f).intoArray(dcPrev, k);
        }
        for (; j < hidden; j++) ScalarGates.lstmBackwardUnit(hidden, row + j, k0 + j, act, tc[j], cPrev, dm, dcNext, dz, dcPrev);
    }

    @Override
    public void gruForward(int batch, int hidden, float[] xg, float[] hg, float[] hPrev, float[] act, float[] h) {
        float[] t = exponents(2 * hidden);
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hidden, k = b * hidden;
            scaleSum(xg, hg, row, FloatMath.SIGMOID[0], t, 0, 2 * hidden);
            expInPlace(t, 2 * hidden);
            finish(t, 0, FloatMath.SIGMOID, act, row, 2 * hidden);
            gruCandidateExponent(hidden, xg, hg, act, row, t);
            expInPlace(t, hidden);
            finish(t, 0, FloatMath.TANH, act, row + 2 * hidden, hidden);
            gruBlend(hidden, act, row, hPrev, h, k);
        }
    }

    /** t = 2·(xg_n + r⊙hg_n), the exponent of the candidate n = tanh(xg_n + r⊙hg_n). */
    private static void gruCandidateExponent(int hidden, float[] xg, float[] hg, float[] act, int row, float[] t) {
        int end = vectorEnd(hidden), j = 0, in = row + 2 * hidden;
        for (; j < end; j += VL) {
            FloatVector.fromArray(S, xg, in + j).add(FloatVector.fromArray(S, act, row + j).mul(FloatVector.fromArray(S, hg, in + j)))
                    .mul(FloatMath.TANH[0]).intoArray(t, j);
        }
        for (; j < hidden; j++) t[j] = FloatMath.TANH[0] * (xg[in + j] + act[row + j] * hg[in + j]);
    }

    /** h = (1−z)⊙n + z⊙h_prev for one row. */
    private static void gruBlend(int hidden, float[] act, int row, float[] hPrev, float[] h, int k) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int end = vectorEnd(hidden), j = 0;
        for (; j < end; j += VL) {
            FloatVector z = FloatVector.fromArray(S, act, row + hidden + j), n = FloatVector.fromArray(S, act, row + 2 * hidden + j);
            one.sub(z).mul(n).add(z.mul(FloatVector.fromArray(S, hPrev, k + j))).intoArray(h, k + j);
        }
        for (; j < hidden; j++) ScalarGates.gruBlend(hidden, act, row + j, hPrev, h, k + j);
    }

    @Override
    public void gruBackward(int batch, int hidden, float[] act, float[] hg, float[] hPrev, float[] dh, float[] dxg,
            float[] dhg, float[] dhPrevDirect) {
        for (int b = 0; b < batch; b++) gruBackwardRow(hidden, b * 3 * hidden, b * hidden, act, hg, hPrev, dh, dxg, dhg, dhPrevDirect);
    }

    private static void gruBackwardRow(int hidden, int row, int k0, float[] act, float[] hg, float[] hPrev, float[] dh,
            float[] dxg, float[] dhg, float[] dhPrevDirect) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int end = vectorEnd(hidden), j = 0;
        for (; j < end; j += VL) {
            int ir = row + j, iz = ir + hidden, in = iz + hidden, k = k0 + j;
            FloatVector r = FloatVector.fromArray(S, act, ir), z = FloatVector.fromArray(S, act, iz);
            FloatVector n = FloatVector.fromArray(S, act, in), d = FloatVector.fromArray(S, dh, k);
            FloatVector dan = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dar = dan.mul(FloatVector.fromArray(S, hg, in)).mul(r).mul(one.sub(r));
            FloatVector daz = d.mul(FloatVector.fromArray(S, hPrev, k).sub(n)).mul(z).mul(one.sub(z));
            dar.intoArray(dxg, ir);
            daz.intoArray(dxg, iz);
            dan.intoArray(dxg, in);
            dar.intoArray(dhg, ir);
            daz.intoArray(dhg, iz);
            dan.mul(r).intoArray(dhg, in);
            d.mul(z).intoArray(dhPrevDirect, k);
        }
        for (; j < hidden; j++) ScalarGates.gruBackwardUnit(hidden, row + j, k0 + j, act, hg, hPrev, dh, dxg, dhg, dhPrevDirect);
    }

    @Override
    public void rnnForward(int n, boolean relu, float[] xg, float[] hg, float[] h) {
        if (relu) {
            int end = vectorEnd(n), k = 0;
            for (; k < end; k += VL) {
                FloatVector.fromArray(S, xg, k).add(FloatVector.fromArray(S, hg, k)).max(0f).intoArray(h, k);
            }
            for (; k < n; k++) h[k] = Math.max(xg[k] + hg[k], 0f);
            return;
        }
        float[] t = exponents(n);
        scaleSum(xg, hg, 0, FloatMath.TANH[0], t, 0, n);
        expInPlace(t, n);
        finish(t, 0, FloatMath.TANH, h, 0, n);
    }

    @Override
    public void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        int end = vectorEnd(n), k = 0;
        for (; k < end; k += VL) {
            FloatVector hv = FloatVector.fromArray(S, h, k), d = FloatVector.fromArray(S, dh, k);
            (relu ? d.blend(zero, hv.compare(VectorOperators.LE, 0f)) : d.mul(one.sub(hv.mul(hv)))).intoArray(da, k);
        }
        ScalarGates.rnnBackwardRange(k, n, relu, h, dh, da);
    }
}
