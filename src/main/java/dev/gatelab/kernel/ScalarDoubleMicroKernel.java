package dev.gatelab.kernel;

/** The plain-Java double micro-kernel: as {@link ScalarMicroKernel}, in double. */
final class ScalarDoubleMicroKernel extends Tiles<double[]> {
    ScalarDoubleMicroKernel() {
        super(Elements.DOUBLE, 4, 16);
    }

    @Override
    public String name() {
        return "plain-java";
    }

    @Override
    void multiplyInto(int k, double[] a, int aOff, int rowStride, int kStride, double[] b, int bOff, double[] s, int sOff,
            int lds, double[] t, int tOff, int ldt) {
        int mr = mr(), nr = nr();
        for (int r = 0; r < mr; r++) System.arraycopy(s, sOff + r * lds, t, tOff + r * ldt, nr);
        for (int kk = 0; kk < k; kk++) {
            for (int r = 0; r < mr; r++) {
                double av = a[aOff + r * rowStride + kk * kStride];
                for (int j = 0, bo = bOff + kk * nr, to = tOff + r * ldt; j < nr; j++) t[to + j] = Math.fma(av, b[bo + j], t[to + j]);
            }
        }
    }
}
