package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Gemm;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.Rows;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer, one direction of a recurrent network over a whole sequence, as a single node of the autograd graph with
 * hand-written backpropagation through time.
 *
 * <p>Forward: xg = X·W_ihᵀ + b_ih for every step in one multiply; then per step hg = h_prev·W_hhᵀ + b_hh, the cell's
 * element-wise math, and the projection h = m·W_hrᵀ (LSTM with proj_size). Backward walks the steps in reverse with
 * the saved activations and finishes with one multiply each for dX and dW_ih.
 *
 * <p>Sequences shorter than the batch's time dimension ({@code lengths}) behave as PyTorch's packed sequences: past
 * its end a sample's state is carried unchanged, its output is zero, and no gradient flows from the padding.
 *
 * <p>The node has several outputs, so it returns them packed in one flat tensor, [Y (steps·batch·proj) | h_n
 * (batch·proj) | c_n (batch·hidden, LSTM only)], and the caller takes them out with {@code Ops.segment}.
 */
final class FusedSequence {
    /** The parameters of one layer and direction; biases and the projection may be null. */
    record Weights(Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr) {
        int outputSize() {
            return wHr != null ? wHr.dim(0) : wHh.dim(1);
        }
    }

    private final CellMath cell;
    private final int steps, batch, hidden, proj, width;
    private final Tensor x, h0, c0;
    private final Weights w;
    private final int[] lengths;
    private final boolean reverse;
    private final DType dtype;
    private final GateTrace.Recorder recorder;

    // Saved per step, indexed by processing order s (s = 0 is the first step this direction reads); from StepBuffers.
    private Tensor[] act, hiddenPart, cell_, m, h;

    private FusedSequence(CellMath cell, int steps, int batch, int hidden, Tensor x, Tensor h0, Tensor c0, Weights w,
            int[] lengths, boolean reverse, GateTrace.Recorder recorder) {
        this.cell = cell;
        this.recorder = recorder;
        this.steps = steps;
        this.batch = batch;
        this.hidden = hidden;
        this.proj = w.outputSize();
        this.width = cell.gates() * hidden;
        this.x = x;
        this.h0 = h0;
        this.c0 = c0;
        this.w = w;
        this.lengths = lengths;
        this.reverse = reverse;
        this.dtype = x.dtype();
    }

    private void takeBuffers() {
        act = StepBuffers.take(dtype, steps, batch, width);
        hiddenPart = cell.keepsHiddenPart() ? StepBuffers.take(dtype, steps, batch, width) : null;
        cell_ = cell.hasCellState() ? StepBuffers.take(dtype, steps, batch, hidden) : new Tensor[steps];
        m = StepBuffers.take(dtype, steps, batch, hidden);
        h = w.wHr != null ? StepBuffers.take(dtype, steps, batch, proj) : m;
    }

    private void giveBackBuffers() {
        for (Tensor[] set : new Tensor[][] {act, hiddenPart, cell.hasCellState() ? cell_ : null, m, h != m ? h : null}) {
            StepBuffers.giveBack(set);
        }
        act = hiddenPart = cell_ = m = h = null;
    }

    /** Runs the sequence and returns the packed outputs, joined to the graph when anything needs a gradient. */
    static Tensor run(CellMath cell, int steps, int batch, int hidden, Tensor x, Tensor h0, Tensor c0, Weights w,
            int[] lengths, boolean reverse, GateTrace.Recorder recorder) {
        FusedSequence seq = new FusedSequence(cell, steps, batch, hidden, x, h0, c0, w, lengths, reverse, recorder);
        List<Tensor> inputs = new ArrayList<>(List.of(x, h0));
        if (c0 != null) inputs.add(c0);
        for (Tensor p : new Tensor[] {w.wIh, w.wHh, w.bIh, w.bHh, w.wHr}) if (p != null) inputs.add(p);
        int packed = steps * batch * seq.proj + batch * seq.proj + (cell.hasCellState() ? batch * hidden : 0);
        Tensor out = Tensor.resultOf(x.dtype(), new int[] {packed}, inputs.toArray(new Tensor[0]));
        seq.takeBuffers();
        seq.forward(out);
        if (recorder != null) seq.record(recorder);
        if (out.requiresGrad()) {
            out.onBackward(() -> {
                seq.backward(out.grad());
                seq.giveBackBuffers();
            });
        } else {
            seq.giveBackBuffers();
        }
        return out;
    }

    private int time(int s) {
        return reverse ? steps - 1 - s : s;
    }

    /** Whether step t lies past sample b's end. */
    private boolean padded(int b, int t) {
        return lengths != null && t >= lengths[b];
    }

    private Tensor buffer(int... shape) {
        return Tensor.zeros(dtype, shape);
    }

    private void forward(Tensor out) {
        Tensor xg = Tensor.scratch(dtype, 0, steps * batch, width); // written whole by the product below
        Gemm.multBias(x, false, w.wIh, true, w.bIh, xg);
        Tensor xgStep = buffer(batch, width);
        Tensor hgStep = cell.keepsHiddenPart() ? null : buffer(batch, width);
        Tensor hPrev = h0, cPrev = c0;
        int yBlock = batch * proj;
        Gemm.Prepared hiddenWeights = Gemm.prepare(w.wHh, true);
        for (int s = 0; s < steps; s++) {
            int t = time(s);
            Tensor.copyRange(xg, t * batch * width, xgStep, 0, batch * width);
            Tensor hg = cell.keepsHiddenPart() ? hiddenPart[s] : hgStep;
            hiddenWeights.multBias(hPrev, w.bHh, hg);
            cell.forward(batch, hidden, xgStep, hg, hPrev, cPrev, act[s], cell_[s], m[s]);
            if (w.wHr != null) Gemm.mult(m[s], false, w.wHr, true, h[s]);
            for (int b = 0; b < batch; b++) {
                if (padded(b, t)) {
                    Tensor.copyRange(hPrev, b * proj, h[s], b * proj, proj);
                    if (cPrev != null) Tensor.copyRange(cPrev, b * hidden, cell_[s], b * hidden, hidden);
                } else {
                    Tensor.copyRange(h[s], b * proj, out, t * yBlock + b * proj, proj);
                }
            }
            hPrev = h[s];
            cPrev = cell_[s];
        }
        int hnAt = steps * yBlock;
        Tensor.copyRange(hPrev, 0, out, hnAt, yBlock);
        if (cPrev != null) Tensor.copyRange(cPrev, 0, out, hnAt + yBlock, batch * hidden);
    }

    private void backward(Tensor dOut) {
        int yBlock = batch * proj;
        Tensor dh = buffer(batch, proj);
        Tensor dhNext = buffer(batch, proj);
        Tensor.copyRange(dOut, steps * yBlock, dhNext, 0, yBlock);
        Tensor dcNext = cell.hasCellState() ? buffer(batch, hidden) : null;
        if (dcNext != null) Tensor.copyRange(dOut, steps * yBlock + yBlock, dcNext, 0, batch * hidden);
        Tensor dcPrev = cell.hasCellState() ? buffer(batch, hidden) : null;
        Tensor dm = w.wHr != null ? buffer(batch, hidden) : dh;
        Tensor dxgStep = buffer(batch, width), dhg = buffer(batch, width);
        Tensor dhPrev = buffer(batch, proj);
        // Scratch, not fresh arrays: every row of these is written before it is read.
        Tensor dxg = Tensor.scratch(dtype, 1, steps * batch, width);
        Tensor zeros = buffer(batch, hidden);
        // Rows past a sample's end carry their gradient straight to the previous step; it waits here meanwhile.
        Tensor carryH = buffer(batch, proj), carryC = buffer(batch, hidden);
        // Per step only what the recursion needs; dW_hh and db_hh are one product and one sum over all steps at the end.
        Tensor dhgAll = cell.keepsHiddenPart() ? Tensor.scratch(dtype, 2, steps * batch, width) : dxg;
        Tensor hPrevAll = Tensor.scratch(dtype, 3, steps * batch, proj);
        Gemm.Prepared hiddenWeights = Gemm.prepare(w.wHh, false);

        for (int s = steps - 1; s >= 0; s--) {
            int t = time(s);
            Tensor hPrev = s == 0 ? h0 : h[s - 1];
            Tensor cPrev = s == 0 ? c0 : cell_[s - 1];
            Tensor.copyRange(dhNext, 0, dh, 0, yBlock);
            for (int b = 0; b < batch; b++) {
                if (padded(b, t)) {
                    Tensor.copyRange(dhNext, b * proj, carryH, b * proj, proj);
                    zeroRow(dh, b, proj);
                    if (dcNext != null) {
                        Tensor.copyRange(dcNext, b * hidden, carryC, b * hidden, hidden);
                        zeroRow(dcNext, b, hidden);
                    }
                } else {
                    for (int j = 0; j < proj; j++) dh.add(b * proj + j, dOut.get(t * yBlock + b * proj + j));
                }
            }
            if (recorder != null) recorder.gradient(t, dh);
            if (w.wHr != null) {
                if (w.wHr.requiresGrad()) Gemm.multAdd(dh, true, m[s], false, w.wHr.gradBuffer());
                Gemm.mult(dh, false, w.wHr, false, dm);
            }
            cell.backward(batch, hidden, act[s], hiddenPart == null ? null : hiddenPart[s], cell_[s], cPrev == null ? zeros : cPrev, hPrev, dm,
                    dcNext == null ? zeros : dcNext, dxgStep, dhg, dcPrev == null ? zeros : dcPrev, dhPrev);
            Tensor.copyRange(dxgStep, 0, dxg, t * batch * width, batch * width);
            if (dhgAll != dxg) Tensor.copyRange(dhg, 0, dhgAll, t * batch * width, batch * width);
            Tensor.copyRange(hPrev, 0, hPrevAll, t * batch * proj, batch * proj);
            hiddenWeights.multAdd(dhg, dhPrev);
            for (int b = 0; b < batch; b++) {
                if (padded(b, t)) {
                    Tensor.copyRange(carryH, b * proj, dhPrev, b * proj, proj);
                    if (dcPrev != null) Tensor.copyRange(carryC, b * hidden, dcPrev, b * hidden, hidden);
                }
            }
            Tensor swap = dhNext;
            dhNext = dhPrev;
            dhPrev = swap;
            if (dcNext != null) {
                swap = dcNext;
                dcNext = dcPrev;
                dcPrev = swap;
            }
        }
        if (w.wHh.requiresGrad()) Gemm.multAdd(dhgAll, true, hPrevAll, false, w.wHh.gradBuffer());
        if (x.requiresGrad()) Gemm.multAdd(dxg, false, w.wIh, false, x.gradBuffer());
        if (w.wIh.requiresGrad()) Gemm.multAdd(dxg, true, x, false, w.wIh.gradBuffer());
        addBiasGradients(dxg, dhgAll);
        if (h0.requiresGrad()) addInto(dhNext, h0.gradBuffer());
        if (c0 != null && c0.requiresGrad()) addInto(dcNext, c0.gradBuffer());
    }

    /**
     * db_ih and db_hh are column sums of dxg and dhg over every step. Where the two are the same array (all but the
     * GRU) the sum is taken once: a pass over steps·batch·gates·hidden floats is memory-bound, not free.
     */
    private void addBiasGradients(Tensor dxg, Tensor dhg) {
        boolean ih = w.bIh != null && w.bIh.requiresGrad(), hh = w.bHh != null && w.bHh.requiresGrad();
        if (ih && hh && dxg == dhg) {
            Tensor sums = Tensor.scratch(dtype, 4, 1, width);
            sums.fill(0);
            addColumnSums(dxg, sums);
            addInto(sums, w.bIh.gradBuffer());
            addInto(sums, w.bHh.gradBuffer());
            return;
        }
        if (ih) addColumnSums(dxg, w.bIh.gradBuffer());
        if (hh) addColumnSums(dhg, w.bHh.gradBuffer());
    }

    private void record(GateTrace.Recorder recorder) {
        for (int s = 0; s < steps; s++) {
            recorder.step(time(s), act[s], cell_[s], h[s], lengths);
        }
    }

    private static void addColumnSums(Tensor source, Tensor target) {
        int cols = target.size();
        if (source.dtype() == DType.FLOAT32) {
            Rows.addColumnSums(floats(source), source.size() / cols, cols, floats(target));
            return;
        }
        for (int i = 0; i < source.size(); i++) target.add(i % cols, source.get(i));
    }

    private static float[] floats(Tensor t) {
        return CellMath.floats(t);
    }

    private static void zeroRow(Tensor t, int row, int cols) {
        for (int j = 0; j < cols; j++) t.set(row * cols + j, 0);
    }

    private static void addInto(Tensor source, Tensor target) {
        for (int i = 0; i < source.size(); i++) target.add(i, source.get(i));
    }
}
