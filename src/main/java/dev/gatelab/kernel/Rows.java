package dev.gatelab.kernel;

/** Row-vector broadcasts and column sums on float32 matrices, as plain loops the JIT vectorises. */
public final class Rows {
    private Rows() {}

    /** target[r, :] += row for every row r of a rows × cols matrix. */
    public static void addRowVector(float[] target, int rows, int cols, float[] row) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) target[o + c] += row[c];
        }
    }

    /** sums[c] += Σ_r source[r, c], summing each column in row order. */
    public static void addColumnSums(float[] source, int rows, int cols, float[] sums) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) sums[c] += source[o + c];
        }
    }
}
