package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: a 4-row × 4-vector tile of C (4×64 floats with AVX-512) held in 16 registers while k
 * runs, one broadcast of A per row and four loads of B per step. Loaded only when the JVM has jdk.incubator.vector;
 * see {@link BlockedGemm}.
 */
final class VectorMicroKernel extends Tiles<float[]> {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length(), MR = 4;

    VectorMicroKernel() {
        super(Elements.FLOAT, MR, 4 * VL);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    /**
     * Packed A (unit row stride, k stride MR) gets a loop of its own: with the strides as constants the JIT addresses A
     * without arithmetic or bounds work, about an eighth faster than the general loop on the per-step shapes.
     */
    @Override
    void multiplyInto(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] s, int sOff,
            int lds, float[] t, int tOff, int ldt) {
        if (rowStride == 1 && kStride == MR) packed(k, a, aOff, b, bOff, s, sOff, lds, t, tOff, ldt);
        else strided(k, a, aOff, rowStride, kStride, b, bOff, s, sOff, lds, t, tOff, ldt);
    }

    private static void packed(int k, float[] a, int aOff, float[] b, int bOff, float[] s, int sOff,
            int lds, float[] t, int tOff, int ldt) {
        int s0 = sOff, s1 = sOff + lds, s2 = sOff + 2 * lds, s3 = sOff + 3 * lds;
        FloatVector c00 = FloatVector.fromArray(S, s, s0), c01 = FloatVector.fromArray(S, s, s0 + VL);
        FloatVector c02 = FloatVector.fromArray(S, s, s0 + 2 * VL), c03 = FloatVector.fromArray(S, s, s0 + 3 * VL);
        FloatVector c10 = FloatVector.fromArray(S, s, s1), c11 = FloatVector.fromArray(S, s, s1 + VL);
        FloatVector c12 = FloatVector.fromArray(S, s, s1 + 2 * VL), c13 = FloatVector.fromArray(S, s, s1 + 3 * VL);
        FloatVector c20 = FloatVector.fromArray(S, s, s2), c21 = FloatVector.fromArray(S, s, s2 + VL);
        FloatVector c22 = FloatVector.fromArray(S, s, s2 + 2 * VL), c23 = FloatVector.fromArray(S, s, s2 + 3 * VL);
        FloatVector c30 = FloatVector.fromArray(S, s, s3), c31 = FloatVector.fromArray(S, s, s3 + VL);
        FloatVector c32 = FloatVector.fromArray(S, s, s3 + 2 * VL), c33 = FloatVector.fromArray(S, s, s3 + 3 * VL);
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * 4 * VL, ao = aOff + kk * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0 * VL);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
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

    private static void strided(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] s, int sOff,
            int lds, float[] t, int tOff, int ldt) {
        int s0 = sOff, s1 = sOff + lds, s2 = sOff + 2 * lds, s3 = sOff + 3 * lds;
        FloatVector c00 = FloatVector.fromArray(S, s, s0), c01 = FloatVector.fromArray(S, s, s0 + VL);
        FloatVector c02 = FloatVector.fromArray(S, s, s0 + 2 * VL), c03 = FloatVector.fromArray(S, s, s0 + 3 * VL);
        FloatVector c10 = FloatVector.fromArray(S, s, s1), c11 = FloatVector.fromArray(S, s, s1 + VL);
        FloatVector c12 = FloatVector.fromArray(S, s, s1 + 2 * VL), c13 = FloatVector.fromArray(S, s, s1 + 3 * VL);
        FloatVector c20 = FloatVector.fromArray(S, s, s2), c21 = FloatVector.fromArray(S, s, s2 + VL);
        FloatVector c22 = FloatVector.fromArray(S, s, s2 + 2 * VL), c23 = FloatVector.fromArray(S, s, s2 + 3 * VL);
        FloatVector c30 = FloatVector.fromArray(S, s, s3), c31 = FloatVector.fromArray(S, s, s3 + VL);
        FloatVector c32 = FloatVector.fromArray(S, s, s3 + 2 * VL), c33 = FloatVector.fromArray(S, s, s3 + 3 * VL);
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * 4 * VL, ao = aOff + kk * kStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0 * VL);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + rowStride]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + 2 * rowStride]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + 3 * rowStride]);
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
