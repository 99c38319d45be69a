package dev.gatelab.kernel;

/**
 * Single-precision matrix multiply, C (+)= op(A)·op(B), on row-major arrays: the hot path under every float32 matmul
 * and recurrent step. op(B) is packed into panels of {@code NR} columns and op(A) into blocks of {@code MR} rows, and
 * a register-blocked micro-kernel computes each MR×NR tile of C. Each element of C is one fused multiply-add chain over
 * k in ascending order, in every implementation and for any thread count, so all of them give identical bits.
 *
 * <p>The micro-kernel uses the Vector API (jdk.incubator.vector) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else plain Java; {@link #kernelName()} says which is in use.
 */
public final class Sgemm {
    /** A micro-kernel: tiles of C from packed panels. */
    interface MicroKernel {
        int mr();

        int nr();

        /**
         * C[rows, cols] (+)= packedA (k × mr, row block) · packedB (k × nr, column panel), for the first {@code rows}
         * rows and {@code cols} columns of the tile at {@code c[cOff]}.
         */
        void tile(int k, float[] packedA, int aOff, float[] packedB, int bOff, float[] c, int cOff, int ldc, int rows,
                int cols, boolean accumulate);

        String name();
    }

    private static final MicroKernel DEFAULT = choose();

    private Sgemm() {}

    private static MicroKernel choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                MicroKernel v = (MicroKernel) Class.forName("dev.gatelab.kernel.VectorMicroKernel")
                        .getDeclaredConstructor().newInstance();
                if (v.nr() >= 16) return v;
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall through to plain Java
            }
        }
        return new ScalarMicroKernel();
    }

    /** "vector-512" (the Vector API and its width in bits) or "plain-java". */
    public static String kernelName() {
        return DEFAULT.name();
    }

    static MicroKernel vectorKernelIfAvailable() {
        return DEFAULT;
    }

    /**
     * c[m×n] = op(a)·op(b) (or += when {@code accumulate}), where op(a) is m×k (a is k×m when transposed) and op(b) is
     * k×n (b is n×k when transposed); lda, ldb, ldc are the row lengths of the arrays as stored.
     */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(DEFAULT, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    static void multiply(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        int mr = kernel.mr(), nr = kernel.nr();
        int panels = (n + nr - 1) / nr, blocks = (m + mr - 1) / mr;
        float[] packedB = Workspace.floats(0, panels * nr * k);
        // Pack op(B) panel by panel: panel p holds columns [p·nr, p·nr + nr), row kk at kk·nr, zero past n.
        Parallel.forRange(panels, 1, (p0, p1) -> {
            for (int p = p0; p < p1; p++) packB(transB, n, k, b, bOff, ldb, packedB, p, nr);
        });
        Parallel.forRange(blocks, 1, (b0, b1) -> {
            float[] packedA = Workspace.floats(1, mr * k);
            for (int blk = b0; blk < b1; blk++) {
                int row = blk * mr, rows = Math.min(mr, m - row);
                packA(transA, m, k, a, aOff, lda, packedA, row, mr);
                for (int p = 0; p < panels; p++) {
                    int col = p * nr;
                    kernel.tile(k, packedA, 0, packedB, p * nr * k, c, cOff + row * ldc + col, ldc, rows,
                            Math.min(nr, n - col), accumulate);
                }
            }
        });
    }

    private static void packB(boolean transB, int n, int k, float[] b, int bOff, int ldb, float[] out, int p, int nr) {
        int base = p * nr * k, col0 = p * nr, cols = Math.min(nr, n - col0);
        for (int kk = 0; kk < k; kk++) {
            int o = base + kk * nr;
            if (!transB) {
                System.arraycopy(b, bOff + kk * ldb + col0, out, o, cols);
            } else {
                for (int j = 0; j < cols; j++) out[o + j] = b[bOff + (col0 + j) * ldb + kk];
            }
            for (int j = cols; j < nr; j++) out[o + j] = 0f;
        }
    }

    private static void packA(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] out, int row0, int mr) {
        int rows = Math.min(mr, m - row0);
        for (int kk = 0; kk < k; kk++) {
            int o = kk * mr;
            for (int r = 0; r < rows; r++) {
                out[o + r] = transA ? a[aOff + kk * lda + row0 + r] : a[aOff + (row0 + r) * lda + kk];
            }
            for (int r = rows; r < mr; r++) out[o + r] = 0f;
        }
    }
}
