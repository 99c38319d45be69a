package dev.gatelab.kernel;

/**
 * Matrix multiply, C (+)= op(A)·op(B), on row-major arrays, written once for float ({@link #FLOAT}, under every
 * float32 matmul and recurrent step) and double ({@link #DOUBLE}, under float64). op(B) is packed into panels of nr
 * columns, k is cut into blocks of {@link #KC}, A is packed into k-major blocks of mr rows (or read in place where that
 * is as good), and a register-blocked micro-kernel computes each mr × nr tile of C. Each element of C is one fused
 * multiply-add chain over k in ascending order, in every implementation and for any thread count, so all of them give
 * identical bits.
 *
 * <p>The micro-kernels use the Vector API (jdk.incubator.vector) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else plain Java; {@link #kernelName()} says which is in use. Float
 * products with at most 32 columns take a narrow kernel, whose tiles they fill.
 *
 * @param <A> float[] or double[]
 */
public final class BlockedGemm<A> {
    /** This thread's arrays: op(B) packed into panels, a group of op(A)'s row blocks packed k-major, and Cᵀ for a
     * product that runs transposed. */
    private static final Arena.Slot PACKED_B = Arena.slot("gemm: packed B"), PACKED_A = Arena.slot("gemm: packed A"),
            TRANSPOSED_C = Arena.slot("gemm: transposed C");
    /** Single precision (BLAS's sgemm). */
    public static final BlockedGemm<float[]> FLOAT = new BlockedGemm<>(Elements.FLOAT,
            choose("VectorMicroKernel", new ScalarMicroKernel()), "NarrowVectorMicroKernel");
    /** Double precision (BLAS's dgemm). */
    public static final BlockedGemm<double[]> DOUBLE = new BlockedGemm<>(Elements.DOUBLE,
            choose("DoubleVectorMicroKernel", new ScalarDoubleMicroKernel()), null);

    /**
     * k is cut into blocks of KC so that the part of B a block reads (KC × nr per panel) stays in cache while the row
     * blocks of A pass; 512 measured as fast as or faster than 256 on the W1 and W2 shapes. A tile continues the fma
     * chains already in C after the first block, so the blocking does not change a single bit.
     */
    static final int KC = 512;
    /** Rows of A packed together: MC × KC floats, 256 KB, stay in L2 while the panels of B pass. */
    static final int MC = 128;
    /** Below this many multiply-adds a product runs on the calling thread: handing it out costs more than it saves. */
    private static final long PARALLEL_MIN = 1L << 22;

    private final Elements<A> type;
    private final MicroKernel<A> wide;
    /** For products whose C has at most its nr columns, where the wide kernel's tiles would be half empty. */
    private final MicroKernel<A> narrow;

    private BlockedGemm(Elements<A> type, MicroKernel<A> wide, String narrowKernel) {
        this.type = type;
        this.wide = wide;
        this.narrow = narrowKernel == null ? wide : choose(narrowKernel, wide);
    }

    @SuppressWarnings("unchecked")
    private static <A> MicroKernel<A> choose(String vectorKernel, MicroKernel<A> otherwise) {
        MicroKernel<A> v = VectorApi.load(vectorKernel, MicroKernel.class);
        return v != null && v.nr() >= 16 ? v : otherwise;
    }

    /** "vector-512" (the Vector API and its width in bits) or "plain-java". */
    public String kernelName() {
        return wide.name();
    }

    MicroKernel<A> wideKernel() {
        return wide;
    }

    MicroKernel<A> narrowKernel() {
        return narrow;
    }

    private MicroKernel<A> kernelFor(int n) {
        return n <= narrow.nr() ? narrow : wide;
    }

    /**
     * c[m×n] = op(a)·op(b) (or += when {@code accumulate}), where op(a) is m×k (a is k×m when transposed) and op(b) is
     * k×n (b is n×k when transposed); lda, ldb, ldc are the row lengths of the arrays as stored.
     */
    public void multiply(boolean transA, boolean transB, int m, int n, int k, A a, int aOff, int lda, A b, int bOff,
            int ldb, A c, int cOff, int ldc, boolean accumulate) {
        if (transposedPays(transA, transB, m, n)) {
            multiplyTransposed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            multiply(kernelFor(n), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, null);
        }
    }

    /**
     * Whether C = op(A)·op(B) runs faster as Cᵀ = op(B)ᵀ·op(A)ᵀ: for a transposed A and a C of many more rows than
     * columns, a weight gradient dzᵀ·h summed over thousands of steps' rows. Measured on W2's shapes: dW_hh (1024 × 256,
     * k = 6400) 77 → 87 GFLOP/s, dW_ih of its first layer (1024 × 64) 50 → 64; narrow ones (n = 32) ran slower.
     */
    boolean transposedPays(boolean transA, boolean transB, int m, int n) {
        return transA && !transB && n >= wide.nr() && m >= 4 * n;
    }

    /**
     * C = op(A)·op(B) (+ C) computed as Cᵀ = op(B)ᵀ·op(A)ᵀ (+ Cᵀ) in a scratch array, then copied back: each element
     * is the same fused multiply-add chain over k in the same order from the same start (a·b = b·a), so the bits are
     * those of the product run as it stands.
     */
    private void multiplyTransposed(boolean transA, boolean transB, int m, int n, int k, A a, int aOff, int lda, A b,
            int bOff, int ldb, A c, int cOff, int ldc, boolean accumulate) {
        A ct = type.scratch(TRANSPOSED_C, m * n);
        if (accumulate) transpose(c, cOff, ldc, m, n, ct, 0, m);
        // op(B)ᵀ is b read with the other transposition, and likewise op(A)ᵀ.
        multiply(kernelFor(m), !transB, !transA, n, m, k, b, bOff, ldb, a, aOff, lda, ct, 0, m, accumulate, null);
        transpose(ct, 0, m, n, m, c, cOff, ldc);
    }

    /** dst[j][i] = src[i][j] for a rows × cols src, in tiles whose lines stay in cache (an element at a time misses). */
    private void transpose(A src, int srcOff, int lds, int rows, int cols, A dst, int dstOff, int ldd) {
        int tile = 16;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int count = Math.min(tile, cols - j0);
                for (int i = i0; i < Math.min(rows, i0 + tile); i++) {
                    type.copy(src, srcOff + i * lds + j0, 1, dst, dstOff + j0 * ldd + i, ldd, count);
                }
            }
        }
    }

    /** c[m×n] = bias + op(a)·op(b), with the row vector bias (n long) in every row; see the packed version. */
    public void multiplyBias(boolean transA, boolean transB, int m, int n, int k, A a, int aOff, int lda, A b, int bOff,
            int ldb, A bias, A c, int cOff, int ldc) {
        multiply(kernelFor(n), transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, false, bias);
    }

    /** The product on the given micro-kernel: the tests compare every kernel on the same product. */
    void multiply(MicroKernel<A> kernel, boolean transA, boolean transB, int m, int n, int k, A a, int aOff, int lda,
            A b, int bOff, int ldb, A c, int cOff, int ldc, boolean accumulate, A bias) {
        if (m == 0 || n == 0) return;
        A scratch = type.scratch(PACKED_B, panelsOf(n, kernel.nr()) * kernel.nr() * k);
        PackedB<A> packed = pack(kernel, transB, n, k, b, bOff, ldb, scratch);
        multiply(kernel, transA, m, a, aOff, lda, packed, c, cOff, ldc, accumulate, bias);
    }

    /** Packs op(b) (k×n; b is n×k when transposed) for {@link #multiply(boolean, int, Object, int, int, PackedB, Object, int, int, boolean)}. */
    public PackedB<A> pack(boolean transB, int n, int k, A b, int bOff, int ldb) {
        return pack(wide, transB, n, k, b, bOff, ldb, type.newArray(packedLength(n, k)));
    }

    /** As {@link #pack(boolean, int, int, Object, int, int)}, into {@code out}, at least {@link #packedLength} long. */
    public PackedB<A> pack(boolean transB, int n, int k, A b, int bOff, int ldb, A out) {
        return pack(wide, transB, n, k, b, bOff, ldb, out);
    }

    /** @return the elements a packed k×n op(B) takes: whole panels, the last one zero-padded */
    public int packedLength(int n, int k) {
        return panelsOf(n, wide.nr()) * wide.nr() * k;
    }

    /** c[m×n] (+)= op(a)·B for a B packed by {@link #pack}. */
    public void multiply(boolean transA, int m, A a, int aOff, int lda, PackedB<A> packed, A c, int cOff, int ldc,
            boolean accumulate) {
        multiply(wide, transA, m, a, aOff, lda, packed, c, cOff, ldc, accumulate, null);
    }

    /**
     * c[m×n] = bias + op(a)·B, the row vector bias (n long) added to every row: each element's chain starts from its
     * bias, so there is no second pass over C to add it.
     */
    public void multiplyBias(boolean transA, int m, A a, int aOff, int lda, PackedB<A> packed, A bias, A c, int cOff,
            int ldc) {
        multiply(wide, transA, m, a, aOff, lda, packed, c, cOff, ldc, false, bias);
    }

    private static int panelsOf(int n, int nr) {
        return (n + nr - 1) / nr;
    }

    private PackedB<A> pack(MicroKernel<A> kernel, boolean transB, int n, int k, A b, int bOff, int ldb, A out) {
        int nr = kernel.nr(), panels = panelsOf(n, nr);
        if ((long) n * k >= PARALLEL_MIN / 8) {
            Parallel.forRange(panels, 1, (p0, p1) -> {
                for (int p = p0; p < p1; p++) packB(transB, n, k, b, bOff, ldb, out, p, nr);
            });
        } else {
            for (int p = 0; p < panels; p++) packB(transB, n, k, b, bOff, ldb, out, p, nr);
        }
        return new PackedB<>(out, n, k, nr);
    }

    private void multiply(MicroKernel<A> kernel, boolean transA, int m, A a, int aOff, int lda, PackedB<A> pb, A c,
            int cOff, int ldc, boolean accumulate, A bias) {
        int n = pb.n, k = pb.k, mr = kernel.mr(), nr = pb.nr;
        if (nr != kernel.nr()) throw new IllegalStateException("BlockedGemm: B was packed for another micro-kernel");
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m && !accumulate; i++) {
                if (bias == null) type.zero(c, cOff + i * ldc, 1, n);
                else System.arraycopy(bias, 0, c, cOff + i * ldc, n);
            }
            return;
        }
        int panels = panelsOf(n, nr), blocks = (m + mr - 1) / mr;
        // The micro-kernel runs fastest on A packed k-major (each k's mr rows side by side, unit strides), but the copy
        // costs as much as the products it serves when there are only one or two panels of B, and more than it saves
        // for a per-step product of a batch's few rows (at most one group: a W1 step's 32 rows were 5% of an inference
        // pass in copies): then whole blocks are read where they lie. A transposed A already has each k's rows side by
        // side and is never packed.
        boolean inPlace = transA || panels <= 2 || m <= MC;
        Parallel.Range rows = (b0, b1) -> {
            // A group of MC rows is packed at once, and each panel of B then serves every block of the group before
            // the next panel is read.
            int groupBlocks = Math.max(1, MC / mr);
            A packedA = type.scratch(PACKED_A, groupBlocks * mr * Math.min(KC, k));
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

    /** Panel p of op(b): k rows of nr columns, zero past the last column. */
    private void packB(boolean transB, int n, int k, A b, int bOff, int ldb, A out, int p, int nr) {
        int base = p * nr * k, col0 = p * nr, cols = Math.min(nr, n - col0);
        if (!transB) {
            for (int kk = 0; kk < k; kk++) type.copy(b, bOff + kk * ldb + col0, 1, out, base + kk * nr, 1, cols);
        } else {
            // Column j of the panel is row col0 + j of b, read along its length.
            for (int j = 0; j < cols; j++) type.copy(b, bOff + (col0 + j) * ldb, 1, out, base + j, nr, k);
        }
        for (int j = cols; j < nr; j++) type.zero(out, base + j, nr, k);
    }

    /** Rows [row0, row0 + mr) and k from k0 to k0 + kc of op(a), k-major and zero-padded past the last row. */
    private void packA(boolean transA, int m, int k0, int kc, A a, int aOff, int lda, A out, int o0, int row0, int mr) {
        int rows = Math.min(mr, m - row0);
        for (int r = 0; r < rows; r++) {
            if (transA) type.copy(a, aOff + k0 * lda + row0 + r, lda, out, o0 + r, mr, kc);
            else type.copy(a, aOff + (row0 + r) * lda + k0, 1, out, o0 + r, mr, kc);
        }
        for (int r = rows; r < mr; r++) type.zero(out, o0 + r, mr, kc);
    }
}
