package dev.gatelab.kernel;

/**
 * Single-precision matrix multiply, C (+)= op(A)·op(B), on row-major arrays: the hot path under every float32 matmul
 * and recurrent step. op(B) is packed into panels of nr columns, k is cut into blocks of {@link #KC}, A is packed into
 * k-major blocks of mr rows (or read in place where that is as good), and a register-blocked micro-kernel computes
 * each mr × nr tile of C. Each element of C is one fused multiply-add chain over k in ascending order, in every
 * implementation and for any thread count, so all of them give identical bits.
 *
 * <p>The micro-kernels use the Vector API (jdk.incubator.vector) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else plain Java; {@link #kernelName()} says which is in use. Products
 * with at most 32 columns take the narrow kernel, whose tiles they fill.
 */
public final class Sgemm {
    /** A micro-kernel: tiles of C from packed panels. */
    interface MicroKernel {
        int mr();

        int nr();

        /**
         * C[rows, cols] (+)= A (mr rows × k, element (r, kk) at a[aOff + r·rowStride + kk·kStride]) · packedB (k × nr,
         * a column panel), for the first {@code rows} rows and {@code cols} columns of the tile at {@code c[cOff]}. Each
         * element's fma chain starts from the value in C when {@code fromC}, else from bias[biasOff + column] (zero when
         * bias is null).
         */
        void tile(int k, float[] a, int aOff, int rowStride, int kStride, float[] packedB, int bOff, float[] c, int cOff, int ldc,
                int rows, int cols, boolean fromC, float[] bias, int biasOff);

        String name();
    }

    private static final MicroKernel DEFAULT = choose("VectorMicroKernel", new ScalarMicroKernel());
    /** For products whose C has at most its nr columns, where DEFAULT's tiles would be half empty. */
    private static final MicroKernel NARROW = choose("NarrowVectorMicroKernel", DEFAULT);

    private Sgemm() {}

    private static MicroKernel choose(String vectorKernel, MicroKernel otherwise) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                MicroKernel v = (MicroKernel) Class.forName("dev.gatelab.kernel." + vectorKernel)
                        .getDeclaredConstructor().newInstance();
                if (v.nr() >= 16) return v;
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall through to plain Java
            }
        }
        return otherwise;
    }

    private static MicroKernel kernelFor(int n) {
        return n <= NARROW.nr() ? NARROW : DEFAULT;
    }

    static MicroKernel narrowKernel() {
        return NARROW;
    }

    /** "vector-512" (the Vector API and its width in bits) or "plain-java". */
    public static String kernelName() {
        return DEFAULT.name();
    }

    static MicroKernel defaultKernel() {
        return DEFAULT;
    }

    /**
     * c[m×n] = op(a)·op(b) (or += when {@code accumulate}), where op(a) is m×k (a is k×m when transposed) and op(b) is
     * k×n (b is n×k when transposed); lda, ldb, ldc are the row lengths of the arrays as stored.
     */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(kernelFor(n), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** c[m×n] = bias + op(a)·op(b), with the row vector bias (n long) in every row; see the packed version. */
    public static void multiplyBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb, float[] bias, float[] c, int cOff, int ldc) {
        multiply(kernelFor(n), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false, bias);
    }

    static void multiply(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
            int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        multiply(kernel, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    private static void multiply(MicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float[] a,
            int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate,
            float[] bias) {
        if (m == 0 || n == 0) return;
        PackedB packed = pack(kernel, transB, n, k, b, bOff, ldb, Workspace.floats(0, panelsOf(n, kernel.nr()) * kernel.nr() * k));
        multiply(kernel, transA, m, a, aOff, lda, packed, c, cOff, ldc, accumulate, bias);
    }

    /** op(B), packed once to be multiplied many times (a recurrent layer's W_hh, every step). */
    public static final class PackedB {
        private final float[] data;
        private final int n, k, nr;

        private PackedB(float[] data, int n, int k, int nr) {
            this.data = data;
            this.n = n;
            this.k = k;
            this.nr = nr;
        }

        public int n() {
            return n;
        }

        public int k() {
            return k;
        }
    }

    /** Packs op(b) (k×n; b is n×k when transposed) for {@link #multiply(boolean, int, float[], int, int, PackedB, float[], int, int, boolean)}. */
    public static PackedB pack(boolean transB, int n, int k, float[] b, int bOff, int ldb) {
        return pack(DEFAULT, transB, n, k, b, bOff, ldb, new float[panelsOf(n, DEFAULT.nr()) * DEFAULT.nr() * k]);
    }

    /** c[m×n] (+)= op(a)·B for a B packed by {@link #pack}. */
    public static void multiply(boolean transA, int m, float[] a, int aOff, int lda, PackedB packed, float[] c, int cOff,
            int ldc, boolean accumulate) {
        multiply(DEFAULT, transA, m, a, aOff, lda, packed, c, cOff, ldc, accumulate, null);
    }

    /**
     * c[m×n] = bias + op(a)·B, the row vector bias (n long) added to every row: each element's chain starts from its
     * bias, so there is no second pass over C to add it.
     */
    public static void multiplyBias(boolean transA, int m, float[] a, int aOff, int lda, PackedB packed, float[] bias,
            float[] c, int cOff, int ldc) {
        multiply(DEFAULT, transA, m, a, aOff, lda, packed, c, cOff, ldc, false, bias);
    }

    private static int panelsOf(int n, int nr) {
        return (n + nr - 1) / nr;
    }

    /** Below this many multiply-adds a product runs on the calling thread: handing it out costs more than it saves. */
    private static final long PARALLEL_MIN = 1L << 22;

    private static PackedB pack(MicroKernel kernel, boolean transB, int n, int k, float[] b, int bOff, int ldb, float[] out) {
        int nr = kernel.nr(), panels = panelsOf(n, nr);
        if ((long) n * k >= PARALLEL_MIN / 8) {
            Parallel.forRange(panels, 1, (p0, p1) -> {
                for (int p = p0; p < p1; p++) packB(transB, n, k, b, bOff, ldb, out, p, nr);
            });
        } else {
            for (int p = 0; p < panels; p++) packB(transB, n, k, b, bOff, ldb, out, p, nr);
        }
        return new PackedB(out, n, k, nr);
    }

    /**
     * k is cut into blocks of KC so that the part of B a block reads (KC × nr per panel) stays in cache while the row
     * blocks of A pass; 512 measured as fast as or faster than 256 on the W1 and W2 shapes. A tile continues the fma
     * chains already in C after the first block, so the blocking does not change a single bit.
     */
    static final int KC = 512;
    /** Rows of A packed together: MC × KC floats, 256 KB, stay in L2 while the panels of B pass. */
    static final int MC = 128;

    private static void multiply(MicroKernel kernel, boolean transA, int m, float[] a, int aOff, int lda, PackedB pb,
            float[] c, int cOff, int ldc, boolean accumulate, float[] bias) {
        int n = pb.n, k = pb.k, mr = kernel.mr(), nr = pb.nr;
        if (nr != kernel.nr()) throw new IllegalStateException("Sgemm: B was packed for another micro-kernel");
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m && !accumulate; i++) {
                if (bias == null) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                else System.arraycopy(bias, 0, c, cOff + i * ldc, n);
            }
            return;
        }
        int panels = panelsOf(n, nr), blocks = (m + mr - 1) / mr;
        // The micro-kernel runs fastest on A packed k-major (each k's mr rows side by side, unit strides), but the copy
        // costs as much as the products it serves when there are only one or two panels of B: then whole blocks are
        // read where they lie. A transposed A already has each k's rows side by side and is never packed.
        boolean inPlace = transA || panels <= 2;
        Parallel.Range rows = (b0, b1) -> {
            // A group of MC rows is packed at once, and each panel of B then serves every block of the group before
            // the next panel is read.
            int groupBlocks = Math.max(1, MC / mr);
            float[] packedA = Workspace.floats(1, groupBlocks * mr * Math.min(KC, k));
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kc = Math.min(KC, k - k0);
                boolean fromC = accumulate || k0 > 0;
                for (int g0 = b0; g0 < b1; g0 += groupBlocks) {
                    int g1 = Math.min(b1, g0 + groupBlocks);
                    for (int blk = g0; blk < g1; blk++) {
                        int row = blk * mr;
                        if (!inPlace || m - row < mr) packA(transA, m, k0, kc, a, aOff, lda, packedA, (blk - g0) * mr * kc, row, mr);
                    }
                    for (int p = 0; p < panels; p++) {
                        int col = p * nr, cols = Math.min(nr, n - col), bAt = p * nr * k + k0 * nr;
                        for (int blk = g0; blk < g1; blk++) {
                            int row = blk * mr, count = Math.min(mr, m - row);
                            if (inPlace && count == mr) {
                                int at = transA ? aOff + k0 * lda + row : aOff + row * lda + k0;
                                kernel.tile(kc, a, at, transA ? 1 : lda, transA ? lda : 1, pb.data, bAt, c,
                                        cOff + row * ldc + col, ldc, count, cols, fromC, bias, col);
                            } else {
                                kernel.tile(kc, packedA, (blk - g0) * mr * kc, 1, mr, pb.data, bAt, c,
                                        cOff + row * ldc + col, ldc, count, cols, fromC, bias, col);
                            }
                        }
                    }
                }
            }
        };
        if ((long) m * n * k >= PARALLEL_MIN) Parallel.forRange(blocks, 1, rows);
        else rows.run(0, blocks);
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

    /** Rows [row0, row0 + mr) and k from k0 to k0 + kc of op(a), k-major and zero-padded past the last row. */
    private static void packA(boolean transA, int m, int k0, int kc, float[] a, int aOff, int lda, float[] out, int o0,
            int row0, int mr) {
        int rows = Math.min(mr, m - row0);
        if (rows == 4 && mr == 4) {
            // The common case, unrolled: four loads and four stores for each k.
            if (transA) {
                for (int kk = 0, at = aOff + k0 * lda + row0; kk < kc; kk++, at += lda) {
                    out[o0 + 4 * kk] = a[at];
                    out[o0 + 4 * kk + 1] = a[at + 1];
                    out[o0 + 4 * kk + 2] = a[at + 2];
                    out[o0 + 4 * kk + 3] = a[at + 3];
                }
            } else {
                int p0 = aOff + row0 * lda + k0, p1 = p0 + lda, p2 = p1 + lda, p3 = p2 + lda;
                for (int kk = 0; kk < kc; kk++) {
                    out[o0 + 4 * kk] = a[p0 + kk];
                    out[o0 + 4 * kk + 1] = a[p1 + kk];
                    out[o0 + 4 * kk + 2] = a[p2 + kk];
                    out[o0 + 4 * kk + 3] = a[p3 + kk];
                }
            }
            return;
        }
        if (rows == mr && !transA) {
            for (int r = 0; r < mr; r++) {
                int at = aOff + (row0 + r) * lda + k0;
                for (int kk = 0; kk < kc; kk++) out[o0 + kk * mr + r] = a[at + kk];
            }
            return;
        }
        for (int kk = 0; kk < kc; kk++) {
            int o = o0 + kk * mr, at = k0 + kk;
            for (int r = 0; r < rows; r++) {
                out[o + r] = transA ? a[aOff + at * lda + row0 + r] : a[aOff + (row0 + r) * lda + at];
            }
            for (int r = rows; r < mr; r++) out[o + r] = 0f;
        }
    }
}
