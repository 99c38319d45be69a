package dev.gatelab.autograd;

import dev.gatelab.kernel.Arena;
import dev.gatelab.kernel.ElementOp;

/**
 * A product a·wᵀ (+ bias) whose left operand a is one-hot, row by row: each row of a is exactly 1 in one column and
 * exactly +0 everywhere else, as a character model's input is. Then a row of the product is one column of w (plus
 * the bias), and the weight's gradient dcᵀ·a adds each row of dc to one column: a gather and a scatter, with no
 * multiply by the zeros.
 *
 * <p>The bits are those of the dense product ({@link Gemm}), not close to them: there each element is one multiply-add
 * chain over the columns of a in order, starting from the bias (or from the gradient already held), and with a one-hot
 * row every link but one adds an exact zero, the other adds w's element times exactly 1. So the chain's value is
 * bias + w, one rounding, which is what the gather computes; and the gradient's chain adds the rows of dc whose hot
 * column it is, in row order, as the scatter does. That holds while w and the bias are finite (0·∞ is NaN in the
 * dense product), so {@link #of} declines non-finite weights, and while dc is finite: a gradient that is not is refused
 * by the Trainer either way.
 */
public final class OneHotProduct {
    /** This thread's array for the per-row sums that backward gathers before adding them into W's columns. */
    private static final Arena.Slot SUMS = Arena.slot("one-hot product: sums");
    /**
     * The fewest rows a gather is made for: it first transposes w, which costs about what the dense product of one row
     * does, so sampling a character at a time stays dense.
     */
    private static final int MIN_ROWS = 4;

    private final Tensor a, w, bias;
    /** Each row's hot column. */
    private final int[] hot;
    /** wᵀ, [columns of a, rows of w]: column k of w as a row, so a gather reads it end to end. */
    private final Tensor wT;
    /** What a row starts from without a bias. */
    private final Tensor zeros;

    private OneHotProduct(Tensor a, Tensor w, Tensor bias, int[] hot) {
        this.a = a;
        this.w = w;
        this.bias = bias;
        this.hot = hot;
        int n = w.rows(), k = w.cols();
        this.wT = Tensor.zeros(w.dtype(), k, n);
        this.zeros = Tensor.zeros(w.dtype(), n);
        transpose(w, wT);
    }

    /**
     * @param a the left operand, [rows, k]
     * @param w the weight, [n, k]
     * @param bias [n], or null
     * @return the product as a gather, or null when a has fewer than 4 rows, a row of a is not one-hot, or w or the
     *     bias has an element that is not finite: then the dense product is the one that gives its bits
     */
    public static OneHotProduct of(Tensor a, Tensor w, Tensor bias) {
        if (a.dtype() != w.dtype() || a.cols() != w.cols() || a.rows() < MIN_ROWS) return null;
        int[] hot = hotColumns(a);
        if (hot == null || !allFinite(w) || (bias != null && !allFinite(bias))) return null;
        return new OneHotProduct(a, w, bias, hot);
    }

    /**
     * c = (rows [row, row + c.rows()) of a)·wᵀ + bias.
     *
     * @param row the first row of a
     * @param c the result, [rows, n], overwritten
     */
    public void multBiasRows(int row, Tensor c) {
        int n = w.rows();
        // Each element is w's plus the bias (or +0, where the dense chain starts): the same one rounding.
        Tensor start = bias != null ? bias : zeros;
        for (int r = 0; r < c.rows(); r++) Kernels.apply(ElementOp.ADD, 1, n, wT, hot[row + r] * n, n, start, 0, n, c, r * n);
    }

    /**
     * dw += dcᵀ·a: each row of dc added to the column of dw that its row of a selects, in row order.
     *
     * @param dc the product's gradient, [rows of a, n]
     * @param dw the weight's gradient, [n, k], added to
     */
    public void addWeightGradient(Tensor dc, Tensor dw) {
        int n = w.rows();
        if (dc.rows() != a.rows() || dc.cols() != n || dw.rows() != n || dw.cols() != w.cols()) {
            throw new IllegalStateException("OneHotProduct: dc " + dc.rows() + "×" + dc.cols() + " and dw " + dw.rows() + "×"
                    + dw.cols() + " for a " + a.rows() + "×" + a.cols() + " and w " + n + "×" + w.cols());
        }
        // The sums start from what dw holds, as the dense product's chains do, in rows of dwᵀ that are read end to end.
        Tensor sums = Tensor.scratch(dw.dtype(), SUMS, w.cols(), n);
        transpose(dw, sums);
        for (int r = 0; r < hot.length; r++) Kernels.apply(ElementOp.ADD, 1, n, sums, hot[r] * n, n, dc, r * n, n, sums, hot[r] * n);
        transpose(sums, dw);
    }

    /** Each row's hot column, or null when a row is not exactly one 1 among +0s. */
    private static int[] hotColumns(Tensor a) {
        int rows = a.rows(), cols = a.cols();
        float[] f = a.dtype() == DType.FLOAT32 ? a.f().data : null;
        double[] d = f == null ? a.d().data : null;
        int[] hot = new int[rows];
        for (int r = 0; r < rows; r++) {
            hot[r] = -1;
            for (int j = 0, i = r * cols; j < cols; j++, i++) {
                double v = f != null ? f[i] : d[i];     // a float widens exactly: +0, −0 and 1 stay themselves
                if (Double.doubleToRawLongBits(v) == 0) continue;
                if (v != 1 || hot[r] >= 0) return null;
                hot[r] = j;
            }
            if (hot[r] < 0) return null;
        }
        return hot;
    }

    private static boolean allFinite(Tensor t) {
        return t.firstNonFinite() < 0;
    }

    /** to = fromᵀ, from [m, n] and to [n, m], both whole. */
    private static void transpose(Tensor from, Tensor to) {
        int m = from.rows(), n = from.cols();
        if (from.dtype() == DType.FLOAT32) {
            float[] s = from.f().data, d = to.f().data;
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) d[j * m + i] = s[i * n + j];
        } else {
            double[] s = from.d().data, d = to.d().data;
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) d[j * m + i] = s[i * n + j];
        }
    }
}
