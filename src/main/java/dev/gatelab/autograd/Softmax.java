package dev.gatelab.autograd;

import dev.gatelab.kernel.Parallel;

/**
 * Softmax and log-softmax along the last dimension, stabilised by subtracting each row's maximum before exp.
 * Backward: for y = softmax(x), dx = y ⊙ (dy − Σ dy⊙y); for y = log_softmax(x), dx = dy − softmax(x) · Σ dy.
 */
final class Softmax {
    private Softmax() {}

    /** The fewest rows worth a thread: below this a hand-off costs more than the rows. */
    private static final int ROWS_PER_THREAD = 256;

    static Tensor softmax(Tensor a) {
        Tensor out = Tensor.resultOf(a.dtype(), a.shape(), a);
        int rows = a.rows(), cols = a.cols();
        for (int r = 0; r < rows; r++) {
            double max = rowMax(a, r, cols), z = 0;
            for (int c = 0; c < cols; c++) z += Math.exp(a.get(r * cols + c) - max);
            for (int c = 0; c < cols; c++) out.set(r * cols + c, Math.exp(a.get(r * cols + c) - max) / z);
        }
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int r = 0; r < rows; r++) {
                double dot = 0;
                for (int c = 0; c < cols; c++) dot += g.get(r * cols + c) * out.get(r * cols + c);
                for (int c = 0; c < cols; c++) {
                    int i = r * cols + c;
                    ga.add(i, out.get(i) * (g.get(i) - dot));
                }
            }
        });
        return out;
    }

    /**
     * In double whatever the type, each value rounded once to it, with direct loops over the arrays: a row's maximum,
     * Σ exp(x − max) in column order, log Z = max + log Σ; backward dx = dy − exp(y)·Σ dy.
     */
    static Tensor logSoftmax(Tensor a) {
        Tensor out = Tensor.resultOf(a.dtype(), a.shape(), a);
        int rows = a.rows(), cols = a.cols();
        Storage x = a.storage(), y = out.storage();
        // Rows are independent: on the kernels' threads, each row computed as on one.
        Parallel.forRange(rows, ROWS_PER_THREAD, (from, to) -> {
            for (int r = from; r < to; r++) {
                int at = r * cols;
                double max = Double.NEGATIVE_INFINITY, z = 0;
                for (int c = 0; c < cols; c++) max = Math.max(max, x.get(at + c));
                for (int c = 0; c < cols; c++) z += Math.exp(x.get(at + c) - max);
                double logZ = max + Math.log(z);
                for (int c = 0; c < cols; c++) y.set(at + c, x.get(at + c) - logZ);
            }
        });
        out.onBackward(() -> {
            Storage g = out.grad().storage(), ga = a.gradBuffer().storage();
            Parallel.forRange(rows, ROWS_PER_THREAD, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int at = r * cols;
                    double total = 0;
                    for (int c = 0; c < cols; c++) total += g.get(at + c);
                    for (int c = 0; c < cols; c++) ga.add(at + c, g.get(at + c) - Math.exp(y.get(at + c)) * total);
                }
            });
        });
        return out;
    }

    private static double rowMax(Tensor a, int r, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) max = Math.max(max, a.get(r * cols + c));
        return max;
    }
}
