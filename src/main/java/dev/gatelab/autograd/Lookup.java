package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;

/** Embedding lookup: row {@code indices[k]} of the table becomes row k of the result; backward scatters back. */
final class Lookup {
    private Lookup() {}

    static Tensor embedding(Tensor table, int[] indices, int... outShapePrefix) {
        if (table.rank() != 2) {
            throw new ArgumentException("embedding: expected a 2-D table [numEmbeddings, dim], got shape "
                    + Shapes.text(table.shape()));
        }
        int vocab = table.rows(), dim = table.cols();
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= vocab) {
                throw new ArgumentException("embedding: index " + indices[k] + " at position " + k
                        + " is outside [0, " + vocab + ")");
            }
        }
        int[] shape = new int[outShapePrefix.length + 1];
        System.arraycopy(outShapePrefix, 0, shape, 0, outShapePrefix.length);
        shape[shape.length - 1] = dim;
        if (Shapes.size(shape) != indices.length * dim) {
            throw new ArgumentException("embedding: " + indices.length + " indices do not fill shape "
                    + Shapes.text(shape));
        }
        Tensor out = Tensor.resultOf(table.dtype(), shape, table);
        for (int k = 0; k < indices.length; k++) Tensor.copyRange(table, indices[k] * dim, out, k * dim, dim);
        out.onBackward(() -> {
            for (int k = 0; k < indices.length; k++) {
                Tensor.addRange(out.grad(), k * dim, table.gradBuffer(), indices[k] * dim, dim);
            }
        });
        return out;
    }
}
