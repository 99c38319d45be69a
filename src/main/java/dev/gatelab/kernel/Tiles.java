package dev.gatelab.kernel;

/**
 * What the micro-kernels share, float and double, Vector API and plain Java: a whole tile runs in C itself, an edge tile
 * in a scratch array, and either way the fma chains start from C, from the bias row or from zeros. Subclasses give the
 * hot loop, register-blocked in the vector ones.
 *
 * <p>The JIT turns Vector API calls into vector instructions only when it inlines every one of them; a method that
 * grows too large, or a vector passed to a helper that is not inlined, falls back to slow code that allocates. So the
 * hot loop is a method of its own that takes and returns arrays, never vectors.
 */
abstract class Tiles<A> implements MicroKernel<A> {
    /** This thread's edge tile of C, padded to a whole tile. */
    private static final Arena.Slot EDGE_TILE = Arena.slot("gemm: edge tile");
    private final Elements<A> type;
    private final int mr, nr;
    /** A row of zeros, where chains that start from nothing read their start. */
    private final A zeros;

    Tiles(Elements<A> type, int mr, int nr) {
        this.type = type;
        this.mr = mr;
        this.nr = nr;
        this.zeros = type.newArray(nr);
    }

    @Override
    public final int mr() {
        return mr;
    }

    @Override
    public final int nr() {
        return nr;
    }

    @Override
    public final void tile(int k, A a, int aOff, int rowStride, int kStride, A b, int bOff, A c, int cOff, int ldc,
            int rows, int cols, boolean fromC, A bias, int biasOff) {
        if (rows == mr && cols == nr) {
            // A chain not continued from C reads its start from the bias row (or zeros) for every row: row stride 0.
            if (fromC) multiplyInto(k, a, aOff, rowStride, kStride, b, bOff, c, cOff, ldc, c, cOff, ldc);
            else if (bias != null) multiplyInto(k, a, aOff, rowStride, kStride, b, bOff, bias, biasOff, 0, c, cOff, ldc);
            else multiplyInto(k, a, aOff, rowStride, kStride, b, bOff, zeros, 0, 0, c, cOff, ldc);
            return;
        }
        A t = type.scratch(EDGE_TILE, mr * nr);
        type.zero(t, 0, 1, mr * nr);
        for (int r = 0; r < rows; r++) {
            if (fromC) System.arraycopy(c, cOff + r * ldc, t, r * nr, cols);
            else if (bias != null) System.arraycopy(bias, biasOff, t, r * nr, cols);
        }
        multiplyInto(k, a, aOff, rowStride, kStride, b, bOff, t, 0, nr, t, 0, nr);
        for (int r = 0; r < rows; r++) System.arraycopy(t, r * nr, c, cOff + r * ldc, cols);
    }

    /**
     * The mr × nr tile at t[tOff] (rows ldt apart) = the tile at s[sOff] (rows lds apart) + A · packed B, as fma
     * chains (the same bits as Math.fma in order): the hot loop, and nothing else.
     */
    abstract void multiplyInto(int k, A a, int aOff, int rowStride, int kStride, A b, int bOff, A s, int sOff, int lds,
            A t, int tOff, int ldt);
}
