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
        FloatVector n = (FloatVector) y.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
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
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
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

    @Override
    public void lstmForward(int batch, int hidden, float[] xg, float[] hg, float[] cPrev, float[] act, float[] c, float[] m) {
        int end = vectorEnd(hidden);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int b = 0; b < batch; b++) {
            int row = b * 4 * hidden;
            for (int j = 0; j < end; j += VL) {
                int zi = row + j, zf = zi + hidden, zg = zf + hidden, zo = zg + hidden, k = b * hidden + j;
                FloatVector i = sigmoid(load(xg, zi).add(load(hg, zi)));
                FloatVector f = sigmoid(load(xg, zf).add(load(hg, zf)));
                FloatVector g = tanh(load(xg, zg).add(load(hg, zg)));
                FloatVector o = sigmoid(load(xg, zo).add(load(hg, zo)));
                FloatVector cell = f.mul(load(cPrev, k)).add(i.mul(g));
                i.intoArray(act, zi);
                f.intoArray(act, zf);
                g.intoArray(act, zg);
                o.intoArray(act, zo);
                cell.intoArray(c, k);
                o.mul(tanh(cell)).intoArray(m, k);
            }
        }
        if (end < hidden) ScalarGates.lstmForwardRange(batch, hidden, end, hidden, xg, hg, cPrev, act, c, m);
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
            for (int j = 0; j < end; j += VL) {
                int ir = row + j, iz = ir + hidden, in = iz + hidden, k = b * hidden + j;
                FloatVector r = sigmoid(load(xg, ir).add(load(hg, ir)));
                FloatVector z = sigmoid(load(xg, iz).add(load(hg, iz)));
                FloatVector n = tanh(load(xg, in).add(r.mul(load(hg, in))));
                r.intoArray(act, ir);
                z.intoArray(act, iz);
                n.intoArray(act, in);
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
