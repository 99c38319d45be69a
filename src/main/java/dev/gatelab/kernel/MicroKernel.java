package dev.gatelab.kernel;

/**
 * The innermost loop of a matrix product: one mr × nr tile of C from mr rows of A and a panel of packed B.
 *
 * @param <A> float[] or double[]
 */
interface MicroKernel<A> {
    int mr();

    int nr();

    /**
     * C[rows, cols] (+)= A (mr rows × k, element (r, kk) at a[aOff + r·rowStride + kk·kStride]) · packedB (k × nr, a
     * column panel), for the first {@code rows} rows and {@code cols} columns of the tile at {@code c[cOff]}. Each
     * element is one fma chain over k in order; it starts from the value in C when {@code fromC}, else from
     * bias[biasOff + column] (zero when bias is null).
     */
    void tile(int k, A a, int aOff, int rowStride, int kStride, A packedB, int bOff, A c, int cOff, int ldc, int rows,
            int cols, boolean fromC, A bias, int biasOff);

    String name();
}
