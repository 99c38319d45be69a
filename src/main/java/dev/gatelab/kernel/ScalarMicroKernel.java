package dev.gatelab.kernel;

/**
 * The plain-Java float micro-kernel, where the JVM has no Vector API: 4×16 tiles, each element a Math.fma chain over k
 * in order, so it gives the vector kernels' bits.
 */
final class ScalarMicroKernel extends Tiles<float[]> {
    ScalarMicroKernel() {
        super(Elements.FLOAT, 4, 16);
    }

    @Override
    public String name() {
        return "plain-java";
    }

    @Override
    void multiplyInto(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] s, int sOff,
            int lds, float[] t, int tOff, int ldt) {
        int mr = mr(), nr = nr();
        for (int r = 0; r < mr; r++) System.arraycopy(s, sOff + r * lds, t, tOff + r * ldt, nr);
        for (int kk = 0; kk < k; kk++) {
            for (int r = 0; r < mr; r++) {
                float av = a[aOff + r * rowStride + kk * kStride];
                for (int j = 0, bo = bOff + kk * nr, to = tOff + r * ldt; j < nr; j++) t[to + j] = Math.fma(av, b[bo + j], t[to + j]);
            }
        }
    }
}
