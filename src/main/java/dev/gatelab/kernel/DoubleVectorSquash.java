package dev.gatelab.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DoubleMath}'s sigmoid and tanh on the Vector API, whole vectors of units at a time, each lane taking the same
 * operations in the same order as the scalar code, so the bits are the same. One method, one loop: no vector crosses a
 * call (see {@link VectorGates}).
 */
final class DoubleVectorSquash implements DoubleGates.Squash {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    @Override
    public int lanes() {
        return VL;
    }

    @Override
    public String toString() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void apply(boolean tanh, int rows, int n, double[] a, int aAt, int aStride, double[] b, int bAt, int bStride,
            double[] out, int outAt, int outStride) {
        int end = n - n % VL;
        double k = tanh ? -2 : -1, min = tanh ? DoubleMath.TANH_MIN : DoubleMath.EXP_MIN;
        DoubleVector one = DoubleVector.broadcast(S, 1), two = DoubleVector.broadcast(S, 2);
        for (int row = 0; row < rows; row++) {
            int ai = aAt + row * aStride, bi = bAt + row * bStride, oi = outAt + row * outStride;
            for (int j = 0; j < end; j += VL) {
                DoubleVector x = DoubleVector.fromArray(S, a, ai + j);
                if (b != null) x = x.add(DoubleVector.fromArray(S, b, bi + j));
                DoubleVector u = x.abs().mul(k).max(min);
                DoubleVector big = u.mul(DoubleMath.INV_LN2).add(DoubleMath.MAGIC);
                DoubleVector nearest = big.sub(DoubleMath.MAGIC);
                DoubleVector r = u.sub(nearest.mul(DoubleMath.LN2_HI)).sub(nearest.mul(DoubleMath.LN2_LO));
                DoubleVector p = DoubleVector.broadcast(S, DoubleMath.C13).fma(r, DoubleVector.broadcast(S, DoubleMath.C12))
                        .fma(r, DoubleVector.broadcast(S, DoubleMath.C11)).fma(r, DoubleVector.broadcast(S, DoubleMath.C10))
                        .fma(r, DoubleVector.broadcast(S, DoubleMath.C9)).fma(r, DoubleVector.broadcast(S, DoubleMath.C8))
                        .fma(r, DoubleVector.broadcast(S, DoubleMath.C7)).fma(r, DoubleVector.broadcast(S, DoubleMath.C6))
                        .fma(r, DoubleVector.broadcast(S, DoubleMath.C5)).fma(r, DoubleVector.broadcast(S, DoubleMath.C4))
                        .fma(r, DoubleVector.broadcast(S, DoubleMath.C3)).fma(r, DoubleVector.broadcast(S, DoubleMath.C2))
                        .fma(r, one).mul(r);
                LongVector nb = ((LongVector) big.reinterpretAsLongs()).sub(DoubleMath.MAGIC_BITS);
                if (tanh) {
                    DoubleVector s = ((LongVector) nb.add(1023).lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
                    DoubleVector m = s.fma(p, s.sub(1));
                    DoubleVector t = m.abs().div(two.add(m));
                    LongVector sign = ((LongVector) x.reinterpretAsLongs()).and(DoubleMath.SIGN);
                    ((LongVector) t.reinterpretAsLongs()).or(sign).reinterpretAsDoubles().intoArray(out, oi + j);
                } else {
                    LongVector n1 = nb.lanewise(VectorOperators.ASHR, 1), n2 = nb.sub(n1);
                    DoubleVector s1 = n1.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                    DoubleVector s2 = n2.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                    DoubleVector e = one.add(p).mul(s1).mul(s2);
                    VectorMask<Double> nonNegative = x.compare(VectorOperators.GE, 0);
                    e.blend(one, nonNegative).div(one.add(e)).intoArray(out, oi + j);
                }
            }
        }
    }
}
