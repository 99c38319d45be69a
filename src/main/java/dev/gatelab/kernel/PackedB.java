package dev.gatelab.kernel;

/**
 * op(B) packed once to be multiplied many times (a recurrent layer's W_hh, every step): panels of nr columns, each
 * k × nr, zero-padded past the last column; see {@link BlockedGemm#pack}.
 *
 * @param <A> float[] or double[]
 */
public final class PackedB<A> {
    final A data;
    final int n, k, nr;

    PackedB(A data, int n, int k, int nr) {
        this.data = data;
        this.n = n;
        this.k = k;
        this.nr = nr;
    }

    /** @return the columns of op(B) */
    public int n() {
        return n;
    }

    /** @return the rows of op(B) */
    public int k() {
        return k;
    }
}
