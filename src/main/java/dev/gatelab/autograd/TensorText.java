package dev.gatelab.autograd;

/** How a tensor prints: nested brackets by axis, one format for all its numbers, long axes cut to 3 … 3. */
final class TensorText {
    private static final int EDGE = 3;

    private TensorText() {}

    static String of(Tensor t, boolean requiresGrad) {
        int[] shape = t.shape();
        boolean fixed = true;
        for (int i = 0; i < t.size(); i++) {
            double v = Math.abs(t.get(i));
            if (Double.isFinite(v) && v != 0 && (v < 1e-4 || v >= 1e5)) fixed = false;
        }
        StringBuilder sb = new StringBuilder("Tensor(");
        if (shape.length == 0) sb.append(number(t.get(0), fixed));
        else append(sb, t, shape, 0, 0, fixed, "Tensor(".length());
        sb.append(", ").append(t.dtype());
        if (shape.length > 0) sb.append(' ').append(Shapes.text(shape));
        if (requiresGrad) sb.append(", requiresGrad");
        return sb.append(')').toString();
    }

    /** Axis {@code axis} of the block that starts at flat index {@code offset}. */
    private static void append(StringBuilder sb, Tensor t, int[] shape, int axis, int offset, boolean fixed, int indent) {
        int stride = 1;
        for (int k = axis + 1; k < shape.length; k++) stride *= shape[k];
        sb.append('[');
        int n = shape[axis];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE + 1 && i == EDGE) {
                sb.append(axis == shape.length - 1 ? "…, " : "…,\n" + " ".repeat(indent + axis + 1));
                i = n - EDGE - 1;
                continue;
            }
            if (axis == shape.length - 1) sb.append(number(t.get(offset + i), fixed));
            else append(sb, t, shape, axis + 1, offset + i * stride, fixed, indent);
            if (i < n - 1) sb.append(axis == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + axis + 1));
        }
        sb.append(']');
    }

    private static String number(double v, boolean fixed) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return String.format(java.util.Locale.ROOT, fixed ? "%.4f" : "%.4e", v);
    }
}
