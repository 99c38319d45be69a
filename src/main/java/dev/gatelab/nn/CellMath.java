package dev.gatelab.nn;

import dev.gatelab.autograd.Tensor;

/**
 * The element-wise part of one recurrent step, for a whole batch, forward and backward side by side. The matrix
 * products around it (x·W_ihᵀ, h·W_hhᵀ and their gradients) are the same for every cell and live in
 * {@link FusedSequence}.
 *
 * <p>Float32 layers run the same equations in {@link dev.gatelab.kernel.GateKernels} (vectorised); the double
 * loops here serve float64.
 *
 * <p>Inputs to a step are xg = x·W_ihᵀ + b_ih and hg = h_prev·W_hhᵀ + b_hh, both [batch, gates·hidden], kept apart
 * because the GRU applies its reset gate to hg alone. A step writes its activations {@code act} (saved for backward),
 * the cell state {@code c} (LSTM) and {@code m}, the new hidden state before any projection. xg, and backward's dxg and
 * dhg, are the sequence-long tensors: the step's rows start at element {@code xgAt} ({@code dxgAt}, {@code dhgAt}).
 */
interface CellMath {
    /** Gate blocks in the weight matrices: 1 (RNN), 3 (GRU: r, z, n), 4 (LSTM: i, f, g, o). */
    int gates();

    /** Names of the gate blocks, in the order of the weight rows. */
    String[] gateNames();

    /** Whether backward needs hg itself, not only xg + hg (the GRU does). */
    default boolean keepsHiddenPart() {
        return false;
    }

    /** Whether there is a cell state besides h (the LSTM). */
    default boolean hasCellState() {
        return false;
    }

    void forward(int batch, int hidden, Tensor xg, int xgAt, Tensor hg, Tensor hPrev, Tensor cPrev, Tensor act, Tensor c,
            Tensor m);

    /**
     * Given dm (gradient at m) and dcNext (gradient at c from the next step), writes the gradients at xg and hg, at
     * c_prev, and the part of the gradient at h_prev that does not go through W_hh (the GRU's z ⊙ h_prev term; zero
     * for the others). All but the GRU have dhg = dxg; given the same tensor and offset for both, they write it once.
     */
    void backward(int batch, int hidden, Tensor act, Tensor hg, Tensor c, Tensor cPrev, Tensor hPrev, Tensor dm,
            Tensor dcNext, Tensor dxg, int dxgAt, Tensor dhg, int dhgAt, Tensor dcPrev, Tensor dhPrevDirect);

    /** dhg = dxg, for the cells where the two are equal; nothing to do when they are the same place. */
    static void copyWhereApart(Tensor dxg, int dxgAt, Tensor dhg, int dhgAt, int n) {
        if (dxg != dhg || dxgAt != dhgAt) Tensor.copyRange(dxg, dxgAt, dhg, dhgAt, n);
    }

    /** The float array behind a FLOAT32 tensor, for the vectorised kernels; null for FLOAT64. */
    static float[] floats(Tensor t) {
        return t.dtype() == dev.gatelab.autograd.DType.FLOAT32 ? ((org.ejml.data.FMatrixRMaj) t.matrix()).data : null;
    }

}
