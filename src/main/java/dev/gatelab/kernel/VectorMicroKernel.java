package dev.gatelab.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel: 6 rows × 2 vectors of C held in 12 registers while k runs, one broadcast of A and two
 * loads of B per step, each accumulator a lane-wise fused multiply-add chain (the same bits as Math.fma in order).
 * Loaded only when the JVM has jdk.incubator.vector; see {@link Sgemm}.
 */
final class VectorMicroKernel implements Sgemm.MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length(), MR = 6, NR = 2 * VL;

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
    public void tile(int k, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc, int rows, int cols,
            boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * NR, ao = aOff + kk * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + VL);
            FloatVector a0 = FloatVector.broadcast(S, a[ao + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ao + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ao + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ao + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ao + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ao + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (rows == MR && cols == NR) {
            store(c00, c01, c, cOff + 0 * ldc, accumulate);
            store(c10, c11, c, cOff + 1 * ldc, accumulate);
            store(c20, c21, c, cOff + 2 * ldc, accumulate);
            store(c30, c31, c, cOff + 3 * ldc, accumulate);
            store(c40, c41, c, cOff + 4 * ldc, accumulate);
            store(c50, c51, c, cOff + 5 * ldc, accumulate);
            return;
        }
        // A partial tile at the edge of C: go through a scratch tile.
        float[] t = new float[MR * NR];
        c00.intoArray(t, 0 * NR);
        c01.intoArray(t, 0 * NR + VL);
        c10.intoArray(t, 1 * NR);
        c11.intoArray(t, 1 * NR + VL);
        c20.intoArray(t, 2 * NR);
        c21.intoArray(t, 2 * NR + VL);
        c30.intoArray(t, 3 * NR);
        c31.intoArray(t, 3 * NR + VL);
        c40.intoArray(t, 4 * NR);
        c41.intoArray(t, 4 * NR + VL);
        c50.intoArray(t, 5 * NR);
        c51.intoArray(t, 5 * NR + VL);
        for (int r = 0; r < rows; r++) {
            int co = cOff + r * ldc;
            for (int j = 0; j < cols; j++) c[co + j] = accumulate ? c[co + j] + t[r * NR + j] : t[r * NR + j];
        }
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int at, boolean accumulate) {
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(S, c, at));
            v1 = v1.add(FloatVector.fromArray(S, c, at + VL));
        }
        v0.intoArray(c, at);
        v1.intoArray(c, at + VL);
    }
}
