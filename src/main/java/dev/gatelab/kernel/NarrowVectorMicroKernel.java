package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel for narrow products: an 8-row × 2-vector tile (8×32 floats with AVX-512) in 16
 * registers. Where C has at most 32 columns (dW_ih = dzᵀ·x with a small input) the 4 × 4-vector kernel would leave half
 * of every tile empty; this one fills its tiles and keeps the same number of chains in flight.
 */
final class NarrowVectorMicroKernel extends Tiles<float[]> {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length(), MR = 8;

    NarrowVectorMicroKernel() {
        super(Elements.FLOAT, MR, 2 * VL);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize() + "-narrow";
    }

    @Override
    void multiplyInto(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] s, int sOff, int lds,
            float[] t, int tOff, int ldt) {
        FloatVector c00 = FloatVector.fromArray(S, s, sOff + 0 * lds), c01 = FloatVector.fromArray(S, s, sOff + 0 * lds + VL);
        FloatVector c10 = FloatVector.fromArray(S, s, sOff + 1 * lds), c11 = FloatVector.fromArray(S, s, sOff + 1 * lds + VL);
        FloatVector c20 = FloatVector.fromArray(S, s, sOff + 2 * lds), c21 = FloatVector.fromArray(S, s, sOff + 2 * lds + VL);
        FloatVector c30 = FloatVector.fromArray(S, s, sOff + 3 * lds), c31 = FloatVector.fromArray(S, s, sOff + 3 * lds + VL);
        FloatVector c40 = FloatVector.fromArray(S, s, sOff + 4 * lds), c41 = FloatVector.fromArray(S, s, sOff + 4 * lds + VL);
        FloatVector c50 = FloatVector.fromArray(S, s, sOff + 5 * lds), c51 = FloatVector.fromArray(S, s, sOff + 5 * lds + VL);
        FloatVector c60 = FloatVector.fromArray(S, s, sOff + 6 * lds), c61 = FloatVector.fromArray(S, s, sOff + 6 * lds + VL);
        FloatVector c70 = FloatVector.fromArray(S, s, sOff + 7 * lds), c71 = FloatVector.fromArray(S, s, sOff + 7 * lds + VL);
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * 2 * VL, ao = aOff + kk * kStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ao]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + rowStride]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + 2 * rowStride]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + 3 * rowStride]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + 4 * rowStride]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + 5 * rowStride]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ao + 6 * rowStride]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ao + 7 * rowStride]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(t, tOff + 0 * ldt);
        c01.intoArray(t, tOff + 0 * ldt + VL);
        c10.intoArray(t, tOff + 1 * ldt);
        c11.intoArray(t, tOff + 1 * ldt + VL);
        c20.intoArray(t, tOff + 2 * ldt);
        c21.intoArray(t, tOff + 2 * ldt + VL);
        c30.intoArray(t, tOff + 3 * ldt);
        c31.intoArray(t, tOff + 3 * ldt + VL);
        c40.intoArray(t, tOff + 4 * ldt);
        c41.intoArray(t, tOff + 4 * ldt + VL);
        c50.intoArray(t, tOff + 5 * ldt);
        c51.intoArray(t, tOff + 5 * ldt + VL);
        c60.intoArray(t, tOff + 6 * ldt);
        c61.intoArray(t, tOff + 6 * ldt + VL);
        c70.intoArray(t, tOff + 7 * ldt);
        c71.intoArray(t, tOff + 7 * ldt + VL);
    }
}
