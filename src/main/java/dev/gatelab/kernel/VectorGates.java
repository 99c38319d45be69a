package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gate arithmetic with the Vector API: whole vectors of units at a time, the JDK's vectorised exp and tanh, and
 * the last units of a row that do not fill a vector handed to {@link ScalarGates}.
 */
final class VectorGates implements GateKernels.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
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
                FloatVector i = one.div(load(xg, zi).add(load(hg, zi)).neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector f = one.div(load(xg, zf).add(load(hg, zf)).neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector g = load(xg, zg).add(load(hg, zg)).lanewise(VectorOperators.TANH);
                FloatVector o = one.div(load(xg, zo).add(load(hg, zo)).neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector cell = f.mul(load(cPrev, k)).add(i.mul(g));
                i.intoArray(act, zi);
                f.intoArray(act, zf);
                g.intoArray(act, zg);
                o.intoArray(act, zo);
                cell.intoArray(c, k);
                o.mul(cell.lanewise(VectorOperators.TANH)).intoArray(m, k);
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
                FloatVector tc = load(c, k).lanewise(VectorOperators.TANH), dmk = load(dm, k);
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
                FloatVector r = one.div(load(xg, ir).add(load(hg, ir)).neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector z = one.div(load(xg, iz).add(load(hg, iz)).neg().lanewise(VectorOperators.EXP).add(one));
                FloatVector n = load(xg, in).add(r.mul(load(hg, in))).lanewise(VectorOperators.TANH);
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
            (relu ? a.max(0f) : a.lanewise(VectorOperators.TANH)).intoArray(h, k);
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
