package dev.gatelab.nn;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;

/** A table of {@code numEmbeddings} vectors of size {@code dim}, initialised N(0, 1) as in PyTorch. */
public final class Embedding extends Module {
    private final Tensor weight;

    /**
     * @param numEmbeddings rows of the table
     * @param dim columns of the table
     */
    public Embedding(int numEmbeddings, int dim) {
        this(numEmbeddings, dim, DType.defaultType(), Rng.global());
    }

    /**
     * @param numEmbeddings rows of the table
     * @param dim columns of the table
     * @param dtype FLOAT32 or FLOAT64
     * @param rng the generator of the initial rows
     */
    public Embedding(int numEmbeddings, int dim, DType dtype, Rng rng) {
        if (numEmbeddings <= 0 || dim <= 0) {
            throw new ArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got "
                    + numEmbeddings + " and " + dim);
        }
        this.weight = register("weight", Tensor.randn(rng, dtype, numEmbeddings, dim));
    }

    /**
     * The vectors of {@code indices}, shaped [...shape, dim]; e.g. forward(tokens, batch, time).
     *
     * @param indices row indices of the table
     * @param shape the leading shape of the result (its size must be indices.length)
     * @return the rows, [...shape, dim]
     */
    public Tensor forward(int[] indices, int... shape) {
        return Ops.embedding(weight, indices, shape.length == 0 ? new int[] {indices.length} : shape);
    }

    /**
     * @return the table, [numEmbeddings, dim]
     */
    public Tensor weight() {
        return weight;
    }

    @Override
    public String toString() {
        return "Embedding(" + weight.dim(0) + ", " + weight.dim(1) + ")";
    }
}
