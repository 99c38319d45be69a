package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate arithmetic with the Vector API: whole vectors of units at a time, with {@link FloatMath}'s exp, sigmoid and
 * tanh done lane by lane in the same operations, so the results are the bits {@link ScalarGates} gives; the last
 * units of a row that do not fill a vector are handed to it.
 */
final class VectorGates implements GateKernels.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    /** {@link FloatMath#exp}, lane by lane. */
    private static FloatVector exp(FloatVector x) {
        x = x.max(FloatMath.MIN).min(FloatMath.MAX);
        FloatVector y = x.mul(FloatMath.LOG2E).add(0.5f);
        FloatVector n = y.add(FloatMath.MAGIC).sub(FloatMath.MAGIC);
        n = n.sub(1f, n.compare(VectorOperators.GT, y));
        FloatVector r = x.sub(n.mul(FloatMath.LN2_HI));
        r = r.sub(n.mul(FloatMath.LN2_LO));
        FloatVector p = FloatVector.broadcast(S, FloatMath.C6);
        p = p.mul(r).add(FloatMath.C5);
        p = p.mul(r).add(FloatMath.C4);
        p = p.mul(r).add(FloatMath.C3);
        p = p.mul(r).add(FloatMath.C2);
        p = p.mul(r).add(1f);
        p = p.mul(r).add(1f);
        IntVector bits = ((IntVector) n.add(FloatMath.MAGIC + 127f).reinterpretAsInts()).sub(FloatMath.MAGIC_BITS)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    private static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
    }

    private static FloatVector tanh(FloatVector x) {
        return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(x.mul(2f)).add(1f)));
    }

    private static FloatVector load(float[] a, int i) {
        return FloatVector.fromArray(S, a, i);
    }

    private static int vectorEnd(int hidden) {
        return hidden - hidden % VL;
    }

    /**
     * In passes, each with one exp per vector: the JIT keeps a loop body with several inlined exp calls out of
     * registers and boxes its vectors. Per element the operations are the same as ScalarGates', in the same order.
     */
    @Override
    public void lstmForward(int batch, int hidden, float[] xg, float[] hg, float[] cPrev, float[] act, float[] c, float[] m) {
        int end = vectorEnd(hidden);
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden;
            for (int j = 0; j < 4 * end; j += VL) {
                int gate = j / end, at = row + gate * hidden + j % end;
                load(xg, at).add(load(hg, at)).intoArray(act, at);
            }
            sigmoidInPlace(act, row, end);
            sigmoidInPlace(act, row + hidden, end);
            tanhInPlace(act, row + 2 * hidden, end);
            sigmoidInPlace(act, row + 3 * hidden, end);
            for (int j = 0; j < end; j += VL) {
                int zi = row + j, k = b * hidden + j;
                FloatVector cell = load(act, zi + hidden).mul(load(cPrev, k)).add(load(act, zi).mul(load(act, zi + 2 * hidden)));
                cell.intoArray(c, k);
            }
            for (int j = 0; j < end; j += VL) {
                int k = b * hidden + j;
                load(act, row + 3 * hidden + j).mul(tanh(load(c, k))).intoArray(m, k);
            }
        }
        if (end < hidden) ScalarGates.lstmForwardRange(batch, hidden, end, hidden, xg, hg, cPrev, act, c, m);
    }

    private static void sigmoidInPlace(float[] a, int from, int n) {
        for (int j = 0; j < n; j += VL) sigmoid(load(a, from + j)).intoArray(a, from + j);
    }

    private static void tanhInPlace(float[] a, int from, int n) {
        for (int j = 0; j < n; j += VL) tanh(load(a, from + j)).intoArray(a, from + j);
    }

    @Override
    public void lstmBackward(int batch, int hidden, float[] act, float[] c, float[] cPrev, float[] dm, float[] dcNext,
            float[] dz, float[] dcPrev) {
        int end = vectorEnd(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden;
            for (int j = 0; j < end; j += VL) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden, k = b * hidden + j;
                FloatVector i = load(act, zi), f = load(act, zf), g = load(act, zg), o = load(act, zo);
                FloatVector tc = tanh(load(c, k)), dmk = load(dm, k);
                FloatVector dc = load(dcNext, k).add(dmk.mul(o).mul(one.sub(tc.mul(tc))));
                dc.mul(g).mul(i).mul(one.sub(i)).intoArray(dz, zi);
                dc.mul(load(cPrev, k)).mul(f).mul(one.sub(f)).intoArray(dz, zf);
                dc.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, zg);
                dmk.mul(tc).mul(o).mul(one.sub(o)).intoArray(dz, zo);
                dc.mul(f).intoArray(dcPrev, k);
            }
        }
        if (end < hidden) ScalarGates.lstmBackwardRange(batch, hidden, end, hidden, act, c, cPrev, dm, dcNext, dz, dcPrev);
    }

    @Override
    public void gruForward(int batch, int hidden, float[] xg, float[] hg, float[] hPrev, float[] act, float[] h) {
        int end = vectorEnd(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hidden;
            for (int j = 0; j < 2 * end; j += VL) {
                int at = row + (j / end) * hidden + j % end;
                load(xg, at).add(load(hg, at)).intoArray(act, at);
            }
            sigmoidInPlace(act, row, end);
            sigmoidInPlace(act, row + hidden, end);
            for (int j = 0; j < end; j += VL) {
                int in = row + 2 * hidden + j;
                load(xg, in).add(load(act, row + j).mul(load(hg, in))).intoArray(act, in);
            }
            tanhInPlace(act, row + 2 * hidden, end);
            for (int j = 0; j < end; j += VL) {
                int k = b * hidden + j;
                FloatVector z = load(act, row + hidden + j), n = load(act, row + 2 * hidden + j);
                one.sub(z).mul(n).add(z.mul(load(hPrev, k))).intoArray(h, k);
            }
        }
        if (end < hidden) ScalarGates.gruForwardRange(batch, hidden, end, hidden, xg, hg, hPrev, act, h);
    }

    @Override
    public void gruBackward(int batch, int hidden, float[] act, float[] hg, float[] hPrev, float[] dh, float[] dxg,
            float[] dhg, float[] dhPrevDirect) {
        int end = vectorEnd(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int row = b * 3 * hidden;
            for (int j = 0; j < end; j += VL) {
                int ir = row + j, iz = ir + hidden, in = iz + hidden, k = b * hidden + j;
                FloatVector r = load(act, ir), z = load(act, iz), n = load(act, in), d = load(dh, k);
                FloatVector dan = d.mul(one.sub(z)).mul(one.sub(n.mul(n)));
                FloatVector dar = dan.mul(load(hg, in)).mul(r).mul(one.sub(r));
                FloatVector daz = d.mul(load(hPrev, k).sub(n)).mul(z).mul(one.sub(z));
                dar.intoArray(dxg, ir);
                daz.intoArray(dxg, iz);
                dan.intoArray(dxg, in);
                dar.intoArray(dhg, ir);
                daz.intoArray(dhg, iz);
                dan.mul(r).intoArray(dhg, in);
                d.mul(z).intoArray(dhPrevDirect, k);
            }
        }
        if (end < hidden) ScalarGates.gruBackwardRange(batch, hidden, end, hidden, act, hg, hPrev, dh, dxg, dhg, dhPrevDirect);
    }

    @Override
    public void rnnForward(int n, boolean relu, float[] xg, float[] hg, float[] h) {
        int end = n - n % VL;
        for (int k = 0; k < end; k += VL) {
            FloatVector a = load(xg, k).add(load(hg, k));
            (relu ? a.max(0f) : tanh(a)).intoArray(h, k);
        }
        ScalarGates.rnnForwardRange(end, n, relu, xg, hg, h);
    }

    @Override
    public void rnnBackward(int n, boolean relu, float[] h, float[] dh, float[] da) {
        int end = n - n % VL;
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S);
        for (int k = 0; k < end; k += VL) {
            FloatVector hv = load(h, k), d = load(dh, k);
            (relu ? d.blend(zero, hv.compare(VectorOperators.LE, 0f)) : d.mul(one.sub(hv.mul(hv)))).intoArray(da, k);
        }
        ScalarGates.rnnBackwardRange(end, n, relu, h, dh, da);
    }
}
