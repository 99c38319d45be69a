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
        for (int row = 0; row < rows; row++) {
            int ai = aAt + row * aStride, bi = bAt + row * bStride, oi = outAt + row * outStride;
            if (tanh) tanh(end, a, ai, b, bi, out, oi);
            else sigmoid(end, a, ai, b, bi, out, oi);
        }
    }

    /** σ(a (+ b)) over elements [0, end) of one row, as {@link DoubleMath#sigmoid}. */
    private static void sigmoid(int end, double[] a, int ai, double[] b, int bi, double[] out, int oi) {
        DoubleVector one = DoubleVector.broadcast(S, 1);
        for (int j = 0; j < end; j += VL) {
            DoubleVector x = DoubleVector.fromArray(S, a, ai + j);
            if (b != null) x = x.add(DoubleVector.fromArray(S, b, bi + j));
            DoubleVector u = x.abs().neg().max(DoubleMath.EXP_MIN);
            DoubleVector big = u.mul(DoubleMath.INV_LN2).add(DoubleMath.MAGIC);
            DoubleVector p = expm1Reduced(u, big);
            // e = e^u = (1 + p)·2^(n + 54)·2⁻⁵⁴; σ = 1 / (1 + e) for x ≥ 0, else e / (1 + e).
            LongVector nb = ((LongVector) big.reinterpretAsLongs()).sub(DoubleMath.MAGIC_BITS);
            DoubleVector scale = ((LongVector) nb.add(1023 + DoubleMath.SCALE_SHIFT).lanewise(VectorOperators.LSHL, 52))
                    .reinterpretAsDoubles();
            DoubleVector e = one.add(p).mul(scale).mul(DoubleMath.SCALE_BACK);
            VectorMask<Double> nonNegative = x.compare(VectorOperators.GE, 0d);
            e.blend(one, nonNegative).div(one.add(e)).intoArray(out, oi + j);
        }
    }

    /** tanh(a (+ b)) over elements [0, end) of one row, as {@link DoubleMath#tanh}. */
    private static void tanh(int end, double[] a, int ai, double[] b, int bi, double[] out, int oi) {
        DoubleVector two = DoubleVector.broadcast(S, 2);
        for (int j = 0; j < end; j += VL) {
            DoubleVector x = DoubleVector.fromArray(S, a, ai + j);
            if (b != null) x = x.add(DoubleVector.fromArray(S, b, bi + j));
            DoubleVector u = x.abs().mul(-2d).max(DoubleMath.TANH_MIN);
            DoubleVector big = u.mul(DoubleMath.INV_LN2).add(DoubleMath.MAGIC);
            DoubleVector p = expm1Reduced(u, big);
            // m = e^u − 1 = 2ⁿ·p + (2ⁿ − 1); tanh = sign(x)·|m| / (2 + m).
            LongVector nb = ((LongVector) big.reinterpretAsLongs()).sub(DoubleMath.MAGIC_BITS);
            DoubleVector s = ((LongVector) nb.add(1023).lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
            DoubleVector m = s.fma(p, s.sub(1d));
            DoubleVector t = m.abs().div(two.add(m));
            LongVector sign = ((LongVector) x.reinterpretAsLongs()).and(DoubleMath.SIGN);
            ((LongVector) t.reinterpretAsLongs()).or(sign).reinterpretAsDoubles().intoArray(out, oi + j);
        }
    }

    /**
     * e^r − 1 with u = n·ln 2 + r, n held by big = u·log₂e + MAGIC, as {@link DoubleMath#expm1Reduced}. The one helper
     * that takes and returns vectors: small enough that the JIT always inlines it (measured: no slower than written
     * out in both loops).
     */
    private static DoubleVector expm1Reduced(DoubleVector u, DoubleVector big) {
        DoubleVector nearest = big.sub(DoubleMath.MAGIC);
        DoubleVector r = u.sub(nearest.mul(DoubleMath.LN2_HI)).sub(nearest.mul(DoubleMath.LN2_LO));
        return DoubleVector.broadcast(S, DoubleMath.C13).fma(r, DoubleVector.broadcast(S, DoubleMath.C12))
                .fma(r, DoubleVector.broadcast(S, DoubleMath.C11)).fma(r, DoubleVector.broadcast(S, DoubleMath.C10))
                .fma(r, DoubleVector.broadcast(S, DoubleMath.C9)).fma(r, DoubleVector.broadcast(S, DoubleMath.C8))
                .fma(r, DoubleVector.broadcast(S, DoubleMath.C7)).fma(r, DoubleVector.broadcast(S, DoubleMath.C6))
                .fma(r, DoubleVector.broadcast(S, DoubleMath.C5)).fma(r, DoubleVector.broadcast(S, DoubleMath.C4))
                .fma(r, DoubleVector.broadcast(S, DoubleMath.C3)).fma(r, DoubleVector.broadcast(S, DoubleMath.C2))
                .fma(r, DoubleVector.broadcast(S, 1)).mul(r);
    }
}
