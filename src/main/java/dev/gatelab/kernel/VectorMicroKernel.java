package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: a 4-row × 4-vector tile of C (4×64 floats with AVX-512) held in 16 registers while k
 * runs, one broadcast of A per row and four loads of B per step, each accumulator a lane-wise fused multiply-add chain
 * (the same bits as Math.fma in order).
 *
 * <p>The JIT turns Vector API calls into vector instructions only when it inlines every one of them; a method that
 * grows too large, or a vector passed to a helper that is not inlined, falls back to slow code that allocates. So the
 * hot method does only the multiply-adds, starting from and ending in a scratch array; moving the tile between that
 * array and C is done by small methods that take arrays, not vectors. Loaded only when the JVM has jdk.incubator.vector; see {@link Sgemm}.
 */
final class VectorMicroKernel implements Sgemm.MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length(), MR = 4, NR = 4 * VL;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public void tile(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] c, int cOff,
            int ldc, int rows, int cols, boolean accumulate) {
        float[] t = Workspace.floats(2, MR * NR);
        if (accumulate) load(c, cOff, ldc, rows, cols, t);
        else java.util.Arrays.fill(t, 0, MR * NR, 0f);
        multiplyInto(k, a, aOff, rowStride, kStride, b, bOff, t);
        for (int r = 0; r < rows; r++) System.arraycopy(t, r * NR, c, cOff + r * ldc, cols);
    }

    /** The tile of C into t, where the fma chains continue from it. */
    private static void load(float[] c, int cOff, int ldc, int rows, int cols, float[] t) {
        if (rows < MR || cols < NR) java.util.Arrays.fill(t, 0, MR * NR, 0f);
        for (int r = 0; r < rows; r++) System.arraycopy(c, cOff + r * ldc, t, r * NR, cols);
    }

    /** t (MR × NR, row-major) += A · packed B, as fma chains: the hot loop, and nothing else. */
    private static void multiplyInto(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff,
            float[] t) {
        FloatVector c00 = FloatVector.fromArray(S, t, 0 * NR), c01 = FloatVector.fromArray(S, t, 0 * NR + VL);
        FloatVector c02 = FloatVector.fromArray(S, t, 0 * NR + 2 * VL), c03 = FloatVector.fromArray(S, t, 0 * NR + 3 * VL);
        FloatVector c10 = FloatVector.fromArray(S, t, 1 * NR), c11 = FloatVector.fromArray(S, t, 1 * NR + VL);
        FloatVector c12 = FloatVector.fromArray(S, t, 1 * NR + 2 * VL), c13 = FloatVector.fromArray(S, t, 1 * NR + 3 * VL);
        FloatVector c20 = FloatVector.fromArray(S, t, 2 * NR), c21 = FloatVector.fromArray(S, t, 2 * NR + VL);
        FloatVector c22 = FloatVector.fromArray(S, t, 2 * NR + 2 * VL), c23 = FloatVector.fromArray(S, t, 2 * NR + 3 * VL);
        FloatVector c30 = FloatVector.fromArray(S, t, 3 * NR), c31 = FloatVector.fromArray(S, t, 3 * NR + VL);
        FloatVector c32 = FloatVector.fromArray(S, t, 3 * NR + 2 * VL), c33 = FloatVector.fromArray(S, t, 3 * NR + 3 * VL);
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * NR, ao = aOff + kk * kStride;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + 0 * VL);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + 1 * VL);
            FloatVector b2 = FloatVector.fromArray(S, b, bo + 2 * VL);
            FloatVector b3 = FloatVector.fromArray(S, b, bo + 3 * VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ao + 0 * rowStride]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + 1 * rowStride]);
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
        c00.intoArray(t, 0 * NR + 0 * VL);
        c01.intoArray(t, 0 * NR + 1 * VL);
        c02.intoArray(t, 0 * NR + 2 * VL);
        c03.intoArray(t, 0 * NR + 3 * VL);
        c10.intoArray(t, 1 * NR + 0 * VL);
        c11.intoArray(t, 1 * NR + 1 * VL);
        c12.intoArray(t, 1 * NR + 2 * VL);
        c13.intoArray(t, 1 * NR + 3 * VL);
        c20.intoArray(t, 2 * NR + 0 * VL);
        c21.intoArray(t, 2 * NR + 1 * VL);
        c22.intoArray(t, 2 * NR + 2 * VL);
        c23.intoArray(t, 2 * NR + 3 * VL);
        c30.intoArray(t, 3 * NR + 0 * VL);
        c31.intoArray(t, 3 * NR + 1 * VL);
        c32.intoArray(t, 3 * NR + 2 * VL);
        c33.intoArray(t, 3 * NR + 3 * VL);
    }
}
