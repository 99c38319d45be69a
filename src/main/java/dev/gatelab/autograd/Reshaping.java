package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

/**
 * Operations that move elements without computing on them: reshape, transpose, slice, rows, concat, a flat segment,
 * and the swap of the first two axes of a sequence ([batch, time, f] ⇄ [time, batch, f]). Each backward moves the
 * gradient back the same way.
 */
final class Reshaping {
    private Reshaping() {}

    /** A view: the result shares a's elements, so a reshape costs no copy. */
    static Tensor reshape(Tensor a, int... shape) {
        Tensor out = Tensor.resultView(a, resolve(a, shape));
        out.onBackward(() -> a.receiveGrad(out.grad()));
        return out;
    }

    /** Fills in one -1 and checks that the element count is kept. */
    private static int[] resolve(Tensor a, int[] shape) {
        int[] s = shape.clone();
        int unknown = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && unknown < 0) unknown = i;
            else known *= s[i];
        }
        if (unknown >= 0 && known > 0) s[unknown] = a.size() / known;
        if (Shapes.size(s) != a.size()) {
            throw new ArgumentException("reshape: cannot view shape " + Shapes.text(a.shape()) + " ("
                    + a.size() + " elements) as " + Shapes.text(shape));
        }
        return s;
    }

    static Tensor transpose(Tensor a) {
        requireRank("transpose", a, 2);
        int rows = a.rows(), cols = a.cols();
        Tensor out = Tensor.resultOf(a.dtype(), new int[] {cols, rows}, a);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out.set(c * rows + r, a.get(r * cols + c));
        }
        out.onBackward(() -> {
            Tensor g = out.grad();
            Tensor ga = a.gradBuffer();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) ga.add(r * cols + c, g.get(c * rows + r));
            }
        });
        return out;
    }

    /**
     * Elements [start, end) along one axis (negative axes count from the end), every other axis whole. The tensor is
     * seen as [outer, extent, inner] around the axis, so each outer block copies one run of (end − start)·inner.
     */
    static Tensor slice(Tensor a, int axis, int start, int end) {
        int ax = Shapes.axis("slice", a.shape(), axis);
        int[] shape = a.shape();
        if (start < 0 || end > shape[ax] || start > end) {
            throw new ArgumentException("slice: range [" + start + ", " + end + ") along axis " + axis
                    + " is outside shape " + Shapes.text(shape));
        }
        int outer = 1, inner = 1, extent = shape[ax];
        for (int k = 0; k < ax; k++) outer *= shape[k];
        for (int k = ax + 1; k < shape.length; k++) inner *= shape[k];
        int[] outShape = shape.clone();
        outShape[ax] = end - start;
        int run = (end - start) * inner, from = start * inner, stride = extent * inner, blocks = outer;
        Tensor out = Tensor.resultOf(a.dtype(), outShape, a);
        for (int o = 0; o < blocks; o++) Tensor.copyRange(a, o * stride + from, out, o * run, run);
        out.onBackward(() -> {
            for (int o = 0; o < blocks; o++) Tensor.addRange(out.grad(), o * run, a.gradBuffer(), o * stride + from, run);
        });
        return out;
    }

    /** Rows rows[0], rows[1], … of a 2-D tensor, in that order (a row may come more than once). */
    static Tensor rows(Tensor a, int... rows) {
        requireRank("rows", a, 2);
        int cols = a.cols();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= a.rows()) {
                throw new ArgumentException("rows: index " + rows[i] + " (position " + i + ") is outside the "
                        + a.rows() + " rows of shape " + Shapes.text(a.shape()));
            }
        }
        int[] picked = rows.clone();
        Tensor out = Tensor.resultOf(a.dtype(), new int[] {picked.length, cols}, a);
        for (int i = 0; i < picked.length; i++) Tensor.copyRange(a, picked[i] * cols, out, i * cols, cols);
        out.onBackward(() -> {
            for (int i = 0; i < picked.length; i++) {
                Tensor.addRange(out.grad(), i * cols, a.gradBuffer(), picked[i] * cols, cols);
            }
        });
        return out;
    }

    /** Joins 2-D tensors along rows (axis 0) or columns (axis 1). */
    static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new ArgumentException("concat: no tensors given");
        int rows = 0, cols = 0;
        for (Tensor p : parts) {
            requireRank("concat", p, 2);
            if (p.dtype() != parts[0].dtype()) {
                throw new ArgumentException("concat: mixed types " + parts[0].dtype() + " and " + p.dtype());
            }
            boolean fits = axis == 0 ? p.cols() == parts[0].cols() : p.rows() == parts[0].rows();
            if (!fits || (axis != 0 && axis != 1)) {
                throw new ArgumentException("concat along axis " + axis + ": shape " + Shapes.text(p.shape())
                        + " does not fit " + Shapes.text(parts[0].shape()));
            }
            rows = axis == 0 ? rows + p.rows() : p.rows();
            cols = axis == 1 ? cols + p.cols() : p.cols();
        }
        Tensor out = Tensor.resultOf(parts[0].dtype(), new int[] {rows, cols}, parts);
        int[] offsets = new int[parts.length];
        int offset = 0;
        for (int k = 0; k < parts.length; k++) {
            Tensor p = parts[k];
            offsets[k] = offset;
            for (int r = 0; r < p.rows(); r++) {
                int dst = axis == 0 ? (offset + r) * cols : r * cols + offset;
                Tensor.copyRange(p, r * p.cols(), out, dst, p.cols());
            }
            offset += axis == 0 ? p.rows() : p.cols();
        }
        int outCols = cols;
        out.onBackward(() -> {
            for (int k = 0; k < parts.length; k++) {
                Tensor p = parts[k];
                if (!p.requiresGrad()) continue;
                for (int r = 0; r < p.rows(); r++) {
                    int src = axis == 0 ? (offsets[k] + r) * outCols : r * outCols + offsets[k];
                    Tensor.addRange(out.grad(), src, p.gradBuffer(), r * p.cols(), p.cols());
                }
            }
        });
        return out;
    }

    /**
     * The elements [offset, offset + size(shape)) of {@code a}, in a new shape. This is how a node with several
     * outputs hands them out: it returns one packed tensor, and segments of it are the outputs.
     */
    static Tensor segment(Tensor a, int offset, int... shape) {
        int n = Shapes.size(shape);
        if (offset < 0 || offset + n > a.size()) {
            throw new ArgumentException("segment: [" + offset + ", " + (offset + n) + ") is outside a tensor of "
                    + a.size() + " elements");
        }
        Tensor out = Tensor.resultOf(a.dtype(), shape, a);
        Tensor.copyRange(a, offset, out, 0, n);
        out.onBackward(() -> Tensor.addRange(out.grad(), 0, a.gradBuffer(), offset, n));
        return out;
    }

    /** [A, B, F] → [B, A, F]: batch-first to time-first and back. */
    static Tensor swapAxes01(Tensor a) {
        requireRank("swapAxes01", a, 3);
        int n0 = a.dim(0), n1 = a.dim(1), f = a.dim(2);
        Tensor out = Tensor.resultOf(a.dtype(), new int[] {n1, n0, f}, a);
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) Tensor.copyRange(a, (i * n1 + j) * f, out, (j * n0 + i) * f, f);
        }
        out.onBackward(() -> {
            for (int i = 0; i < n0; i++) {
                for (int j = 0; j < n1; j++) {
                    Tensor.addRange(out.grad(), (j * n0 + i) * f, a.gradBuffer(), (i * n1 + j) * f, f);
                }
            }
        });
        return out;
    }

    private static void requireRank(String op, Tensor a, int rank) {
        if (a.rank() != rank) {
            throw new ArgumentException(op + ": expected a " + rank + "-D tensor, got shape "
                    + Shapes.text(a.shape()));
        }
    }
}
