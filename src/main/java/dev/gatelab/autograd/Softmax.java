package dev.gatelab.autograd;

/**
 * Softmax and log-softmax along the last dimension, stabilised by subtracting each row's maximum before exp.
 * Backward: for y = softmax(x), dx = y ⊙ (dy − Σ dy⊙y); for y = log_softmax(x), dx = dy − softmax(x) · Σ dy.
 */
final class Softmax {
    private Softmax() {}

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

    static Tensor logSoftmax(Tensor a) {
        Tensor out = Tensor.resultOf(a.dtype(), a.shape(), a);
        int rows = a.rows(), cols = a.cols();
        for (int r = 0; r < rows; r++) {
            double max = rowMax(a, r, cols), z = 0;
            for (int c = 0; c < cols; c++) z += Math.exp(a.get(r * cols + c) - max);
            double logZ = max + Math.log(z);
            for (int c = 0; c < cols; c++) out.set(r * cols + c, a.get(r * cols + c) - logZ);
        }
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int r = 0; r < rows; r++) {
                double total = 0;
                for (int c = 0; c < cols; c++) total += g.get(r * cols + c);
                for (int c = 0; c < cols; c++) {
                    int i = r * cols + c;
                    ga.add(i, g.get(i) - Math.exp(out.get(i)) * total);
                }
            }
        });
        return out;
    }

    private static double rowMax(Tensor a, int r, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) max = Math.max(max, a.get(r * cols + c));
        return max;
    }
}
