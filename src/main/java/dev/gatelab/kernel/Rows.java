package dev.gatelab.kernel;

/** Column sums of float32 matrices (bias gradients), as a plain loop. */
public final class Rows {
    private Rows() {}

    /** sums[c] += Σ_r source[r, c], summing each column in row order. */
    public static void addColumnSums(float[] source, int rows, int cols, float[] sums) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) sums[c] += source[o + c];
        }
    }
}
