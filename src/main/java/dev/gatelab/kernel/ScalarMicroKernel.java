package dev.gatelab.kernel;

/** The plain-Java micro-kernel: 4×16 tiles, each element a Math.fma chain over k, so it matches the vector kernel. */
final class ScalarMicroKernel implements Sgemm.MicroKernel {
    private static final int MR = 4, NR = 16;

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
        return "plain-java";
    }

    @Override
    public void tile(int k, float[] a, int aOff, int rowStride, int kStride, float[] b, int bOff, float[] c, int cOff, int ldc,
            int rows, int cols, boolean fromC, float[] bias, int biasOff) {
        float[] acc = Workspace.floats(3, MR * NR);
        java.util.Arrays.fill(acc, 0, MR * NR, 0f);
        for (int r = 0; r < rows; r++) {
            if (fromC) System.arraycopy(c, cOff + r * ldc, acc, r * NR, cols);
            else if (bias != null) System.arraycopy(bias, biasOff, acc, r * NR, cols);
        }
        for (int kk = 0; kk < k; kk++) {
            int bo = bOff + kk * NR, ao = aOff + kk * kStride;
            for (int r = 0; r < MR; r++) {
                float av = a[ao + r * rowStride];
                int base = r * NR;
                for (int j = 0; j < NR; j++) acc[base + j] = Math.fma(av, b[bo + j], acc[base + j]);
            }
        }
        for (int r = 0; r < rows; r++) System.arraycopy(acc, r * NR, c, cOff + r * ldc, cols);
    }
}
