package dev.gatelab.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel for double: a 4-row × 4-vector tile of C (4×32 doubles with AVX-512) held in 16
 * registers while k runs, as {@link VectorMicroKernel} does for float with the same chains in the same order. Loaded
 * only when the JVM has jdk.incubator.vector; see {@link BlockedGemm}.
 */
final class DoubleVectorMicroKernel extends Tiles<double[]> {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int VL = S.length();

    DoubleVectorMicroKernel() {
        super(Elements.DOUBLE, 4, 4 * VL);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    void multiplyInto(int k, double[] a, int aOff, int rowStride, int kStride, double[] b, int bOff, double[] s, int sOff,
            int lds, double[] t, int tOff, int ldt) {
        int s0 = sOff, s1 = sOff + lds, s2 = sOff + 2 * lds, s3 = sOff + 3 * lds;
        DoubleVector c00 = DoubleVector.fromArray(S, s, s0), c01 = DoubleVector.fromArray(S, s, s0 + VL);
        DoubleVector c02 = DoubleVector.fromArray(S, s, s0 + 2 * VL), c03 = DoubleVector.fromArray(S, s, s0 + 3 * VL);
        DoubleVector c10 = DoubleVector.fromArray(S, s, s1), c11 = DoubleVector.fromArray(S, s, s1 + VL);
        DoubleVector c12 = DoubleVector.fromArray(S, s, s1 + 2 * VL), c13 = DoubleVector.fromArray(S, s, s1 + 3 * VL);
        DoubleVector c20 = DoubleVector.fromArray(S, s, s2), c21 = DoubleVector.fromArray(S, s, s2 + VL);
        DoubleVector c22 = DoubleVector.fromArray(S, s, s2 + 2 * VL), c23 = DoubleVector.fromArray(S, s, s2 + 3 * VL);
        DoubleVector c30 = DoubleVector.fromArray(S, s, s3), c31 = DoubleVector.fromArray(S, s, s3 + VL);
        DoubleVector c32 = DoubleVector.fromArray(S, s, s3 + 2 * VL), c33 = DoubleVector.fromArray(S, s, s3 + 3 * VL);
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * 4 * VL, ao = aOff + kk * kStride;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bo + 0 * VL);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bo + 1 * VL);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bo + 2 * VL);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bo + 3 * VL);
            DoubleVector a0 = DoubleVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            DoubleVector a1 = DoubleVector.broadcast(S, a[ao + rowStride]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            DoubleVector a2 = DoubleVector.broadcast(S, a[ao + 2 * rowStride]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            DoubleVector a3 = DoubleVector.broadcast(S, a[ao + 3 * rowStride]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        int t0 = tOff, t1 = tOff + ldt, t2 = tOff + 2 * ldt, t3 = tOff + 3 * ldt;
        c00.intoArray(t, t0 + 0 * VL);
        c01.intoArray(t, t0 + 1 * VL);
        c02.intoArray(t, t0 + 2 * VL);
        c03.intoArray(t, t0 + 3 * VL);
        c10.intoArray(t, t1 + 0 * VL);
        c11.intoArray(t, t1 + 1 * VL);
        c12.intoArray(t, t1 + 2 * VL);
        c13.intoArray(t, t1 + 3 * VL);
        c20.intoArray(t, t2 + 0 * VL);
        c21.intoArray(t, t2 + 1 * VL);
        c22.intoArray(t, t2 + 2 * VL);
        c23.intoArray(t, t2 + 3 * VL);
        c30.intoArray(t, t3 + 0 * VL);
        c31.intoArray(t, t3 + 1 * VL);
        c32.intoArray(t, t3 + 2 * VL);
        c33.intoArray(t, t3 + 3 * VL);
    }
}
