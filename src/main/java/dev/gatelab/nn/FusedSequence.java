package dev.gatelab.nn;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Gemm;
import dev.gatelab.autograd.OneHotProduct;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.engine.CellStep;
import dev.gatelab.engine.CompiledCell;
import dev.gatelab.engine.CompiledCell.Buffer;
import dev.gatelab.kernel.Arena;
import dev.gatelab.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer, one direction of a recurrent network over a whole sequence, as a single node of the autograd graph with
 * hand-written backpropagation through time.
 *
 * <p>Forward, per step: xg = x_t·W_ihᵀ + b_ih and hg = h_prev·W_hhᵀ + b_hh, the cell's element-wise step
 * (compiled from its definition, run by {@link CellStep}), and the projection h = m·W_hrᵀ (LSTM with proj_size).
 * xg is made a step at a time, right before the cell reads it, rather than for the whole sequence in one multiply:
 * the whole of it (3.3 MB for W1, 26 MB a layer for W2) went out to memory and came back a step later, while a step's
 * rows stay in cache. Each element is the same multiply-add chain either way, so the bits are the same.
 *
 * <p>Where every row of x is one-hot (a character model's input), xg is a gather of W_ih's columns and dW_ih a scatter
 * of dxg's rows ({@link OneHotProduct}): the same bits as the products, without multiplying the zeros.
 *
 * <p>Backward walks the steps in reverse with the values the cell keeps and finishes with one multiply each for dX,
 * dW_ih and dW_hh over all steps, and the column sums for the biases and the cell's per-unit parameters.
 *
 * <p>Sequences shorter than the batch's time dimension ({@code lengths}) behave as PyTorch's packed sequences: past
 * its end a sample's state is carried unchanged, its output is zero, and no gradient flows from the padding.
 *
 * <p>Samples do not interact in the recurrence, so with more than one thread ({@link Parallel#setThreads}) the batch
 * is cut into blocks of rows, and each block runs its whole time loop, forward and backward, on a thread of its own:
 * one hand-off per sequence rather than per step. The products over all steps (xg, dX, dW_ih, dW_hh) stay whole,
 * over the same rows in the same order, so the results are the same bits for any thread count.
 *
 * <p>The sequence has several outputs, Y (steps·batch × proj, only when asked for), h_n and c_n. In the graph they are
 * children of one node of size zero that holds the backward: each child hands over its gradient, and the node, which
 * runs after all of them, backpropagates through time with whichever gradients came (none for an output the loss does
 * not read). So no output is copied, and a caller that reads only h_n spares the whole of Y.
 */
final class FusedSequence {
    /** The parameters of one layer and direction; biases and the projection may be null. */
    record Weights(Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr, List<Tensor> cellParameters,
            List<Tensor> cellMatrices) {
        int outputSize() {
            return wHr != null ? wHr.dim(0) : wHh.dim(1);
        }
    }

    /** This thread's arrays for one backward pass, and the weights packed for the products of every step. */
    private static final Arena.Slot DXG = Arena.slot("sequence: dgates"), DHG = Arena.slot("sequence: dgates of h"),
            H_PREV_ALL = Arena.slot("sequence: previous h"), SUMS = Arena.slot("sequence: parameter sums"),
            DPARAMS = Arena.slot("sequence: per-unit parameter gradients"),
            DPRODUCTS = Arena.slot("sequence: product gradients"), PRODUCT_INPUTS = Arena.slot("sequence: product inputs"),
            PACKED_W_IH = Arena.slot("sequence: packed W_ih"), PACKED_W_HH = Arena.slot("sequence: packed W_hh");

    /** The fewest rows worth a thread of their own: the matrix kernels work in blocks of 4 rows. */
    private static final int MIN_ROWS_PER_THREAD = 4;

    private final CompiledCell cell;
    private final boolean hasState;
    /** width: the input's part, blocks·hidden; hiddenWidth: the hidden state's part, recurrent blocks·hidden. */
    private final int steps, batch, hidden, proj, width, hiddenWidth;
    /** The cell's states besides h, side by side in each row: states·hidden. */
    private final int stateWidth;
    private final Tensor x, h0, c0;
    private final Weights w;
    private final int[] lengths;
    private final boolean reverse;
    private final DType dtype;
    private final GateTrace.Recorder recorder;
    /** The interventions on this layer and direction, or null for none. */
    private final Intervention.OnLayer edits;
    /** How many steps' tensors are kept: all of them for backward or a recorder, else a ring of two. */
    private final int saved;
    /** Whether backward (or a recorder) will read the steps: then the blocks also hold backward's buffers. */
    private final boolean keepsSteps;
    private final RowBlock[] blocks;
    /** The input's part as a gather of W_ih's columns when every row of x is one-hot (a character model's), else null. */
    private final OneHotProduct oneHot;

    private FusedSequence(CompiledCell cell, boolean hasState, int steps, int batch, int hidden, Tensor x, Tensor h0,
            Tensor c0, Weights w, int[] lengths, boolean reverse, GateTrace.Recorder recorder, Intervention.OnLayer edits,
            boolean keepSteps) {
        this.cell = cell;
        this.edits = edits;
        this.hasState = hasState;
        this.recorder = recorder;
        this.steps = steps;
        this.batch = batch;
        this.hidden = hidden;
        this.proj = w.outputSize();
        this.width = cell.blocks() * hidden;
        this.hiddenWidth = cell.recurrentBlocks() * hidden;
        this.stateWidth = cell.states() * hidden;
        this.x = x;
        this.oneHot = OneHotProduct.of(x, w.wIh, w.bIh);
        this.h0 = h0;
        this.c0 = c0;
        this.w = w;
        this.lengths = lengths == null ? null : lengths.clone(); // backward must see the lengths forward saw
        this.reverse = reverse;
        this.dtype = x.dtype();
        // Without backward a step needs only the one before it: two sets of tensors in turn stay in cache, where a
        // set per step would stream through memory.
        this.saved = keepSteps || steps < 2 ? steps : 2;
        this.keepsSteps = keepSteps;
        // The recorder sees whole batches, and dW_hr is summed step by step: both keep the batch in one block.
        boolean oneBlock = recorder != null || w.wHr != null;
        int count = oneBlock ? 1 : Math.max(1, Math.min(Parallel.threads(), batch / MIN_ROWS_PER_THREAD));
        int per = ((batch + count - 1) / count + MIN_ROWS_PER_THREAD - 1) / MIN_ROWS_PER_THREAD * MIN_ROWS_PER_THREAD;
        List<RowBlock> list = new ArrayList<>();
        for (int b0 = 0; b0 < batch; b0 += per) list.add(new RowBlock(b0, Math.min(batch, b0 + per) - b0));
        this.blocks = list.toArray(new RowBlock[0]);
    }

    /**
     * What a sequence gives: the output at every step, rows t·batch + b (null when not asked for), and the final
     * states (c_n null for cells without one).
     */
    record Outputs(Tensor y, Tensor hN, Tensor cN) {}

    /** Runs the sequence, joined to the graph when anything needs a gradient; Y only when {@code wantY}. */
    static Outputs run(CompiledCell cell, int steps, int batch, int hidden, Tensor x, Tensor h0, Tensor c0, Weights w,
            int[] lengths, boolean reverse, GateTrace.Recorder recorder, Intervention.OnLayer edits, boolean wantY) {
        List<Tensor> inputs = new ArrayList<>(List.of(x, h0));
        if (c0 != null) inputs.add(c0);
        for (Tensor p : new Tensor[] {w.wIh, w.wHh, w.bIh, w.bHh, w.wHr}) if (p != null) inputs.add(p);
        inputs.addAll(w.cellParameters());
        inputs.addAll(w.cellMatrices());
        int proj = w.outputSize();
        DType dtype = x.dtype();
        Tensor node = Engine.resultOf(dtype, new int[] {0}, inputs.toArray(new Tensor[0]));
        Tensor y = wantY ? Engine.resultOf(dtype, new int[] {steps * batch, proj}, node) : null;
        Tensor hN = Engine.resultOf(dtype, new int[] {batch, proj}, node);
        Tensor cN = c0 != null ? Engine.resultOf(dtype, new int[] {batch, cell.states() * hidden}, node) : null;
        FusedSequence seq = new FusedSequence(cell, c0 != null, steps, batch, hidden, x, h0, c0, w, lengths, reverse,
                recorder, edits, node.requiresGrad() || recorder != null);
        seq.forward(y, hN, cN);
        if (recorder != null) seq.blocks[0].record(recorder);
        if (node.requiresGrad()) {
            Tensor[] grads = new Tensor[3]; // dY, dh_n, dc_n: each stays null unless the loss reads that output
            if (y != null) Engine.onBackward(y, () -> grads[0] = y.grad());
            Engine.onBackward(hN, () -> grads[1] = hN.grad());
            if (cN != null) Engine.onBackward(cN, () -> grads[2] = cN.grad());
            Engine.onBackward(node, () -> {
                seq.backward(grads[0], grads[1], grads[2]);
                seq.giveBackBuffers();
            });
        } else {
            seq.giveBackBuffers();
        }
        return new Outputs(y, hN, cN);
    }

    private void giveBackBuffers() {
        for (RowBlock block : blocks) block.giveBackBuffers();
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

    /** Runs body for every block, side by side when there are threads for it. */
    private void eachBlock(java.util.function.Consumer<RowBlock> body) {
        Parallel.forRange(blocks.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) body.accept(blocks[i]);
        });
    }

    private void forward(Tensor y, Tensor hN, Tensor cN) {
        Gemm.Prepared inputWeights = oneHot != null ? null : Gemm.prepare(w.wIh, true, PACKED_W_IH);
        Gemm.Prepared hiddenWeights = Gemm.prepare(w.wHh, true, PACKED_W_HH);
        eachBlock(block -> block.forward(inputWeights, hiddenWeights, y, hN, cN));
    }

    /** Backpropagation through time from the outputs' gradients, each null where the loss does not read it. */
    private void backward(Tensor dY, Tensor dHn, Tensor dCn) {
        // Scratch, not fresh arrays: every row of these is written before it is read.
        Tensor dxg = Engine.scratch(dtype, DXG, steps * batch, width);
        // Per step only what the recursion needs; dW_hh and db_hh are one product and one sum over all steps at the end.
        Tensor dhgAll = cell.sharedGateGradient() ? dxg : Engine.scratch(dtype, DHG, steps * batch, hiddenWidth);
        Tensor hPrevAll = Engine.scratch(dtype, H_PREV_ALL, steps * batch, proj);
        int paramWidth = cell.parameters() * hidden;
        Tensor dParams = paramWidth == 0 ? null : Engine.scratch(dtype, DPARAMS, steps * batch, paramWidth);
        // Each product's gradient and operand at every step, for the matrices' gradients after the loop.
        int productWidth = cell.products() * hidden;
        Tensor dProducts = productWidth == 0 ? null : Engine.scratch(dtype, DPRODUCTS, steps * batch, productWidth);
        Tensor productInputs = productWidth == 0 ? null : Engine.scratch(dtype, PRODUCT_INPUTS, steps * batch, productWidth);
        Gemm.Prepared hiddenWeights = Gemm.prepare(w.wHh, false, PACKED_W_HH);
        // The blocks add their own rows into dh0 and dc0: the buffers exist before the blocks start.
        if (h0.requiresGrad()) Engine.gradBuffer(h0);
        if (c0 != null && c0.requiresGrad()) Engine.gradBuffer(c0);
        eachBlock(block -> block.backward(dY, dHn, dCn, dxg, dhgAll, hPrevAll, dParams, dProducts, productInputs, hiddenWeights));
        if (w.wHh.requiresGrad()) Gemm.multAdd(dhgAll, true, hPrevAll, false, Engine.gradBuffer(w.wHh));
        if (x.requiresGrad()) Gemm.multAdd(dxg, false, w.wIh, false, Engine.gradBuffer(x));
        if (w.wIh.requiresGrad() && oneHot != null) oneHot.addWeightGradient(dxg, Engine.gradBuffer(w.wIh));
        else if (w.wIh.requiresGrad()) Gemm.multAdd(dxg, true, x, false, Engine.gradBuffer(w.wIh));
        addBiasGradients(dxg, dhgAll);
        if (dParams != null) addParameterGradients(dParams, paramWidth);
        for (int p = 0; p < cell.products(); p++) {
            Tensor matrix = w.cellMatrices().get(cell.productMatrix(p));
            if (matrix.requiresGrad()) Gemm.multAddColumns(dProducts, productInputs, p * hidden, hidden, Engine.gradBuffer(matrix));
        }
    }

    /** Each per-unit parameter's gradient: its columns of the per-step, per-sample parts, summed. */
    private void addParameterGradients(Tensor dParams, int paramWidth) {
        Tensor sums = Engine.scratch(dtype, SUMS, 1, paramWidth);
        sums.fill(0);
        CellStep.addColumnSums(dParams, sums);
        for (int p = 0; p < cell.parameters(); p++) {
            Tensor param = w.cellParameters().get(p);
            if (param.requiresGrad()) Engine.addRange(sums, p * hidden, Engine.gradBuffer(param), 0, hidden);
        }
    }

    /**
     * Rows [b0, b0 + rows) of the batch through every step: the per-step tensors it saves for backward, and its part
     * of the time loops. Global row b is local row b − b0.
     */
    private final class RowBlock {
        private final int b0, rows;
        // Per step, indexed by processing order s (s = 0 is the first step this direction reads), modulo saved.
        private Tensor[] act, cell_, m, h, scratch, inputPart, hiddenPart, gradsOfProj, gradsOfHidden, gradsOfState;
        private final Tensor hInit, cInit;
        private final CellStep step;

        RowBlock(int b0, int rows) {
            this.b0 = b0;
            this.rows = rows;
            // Taken here, on the caller's thread, whose StepBuffers they go back to.
            act = StepBuffers.take(dtype, saved, rows, Math.max(1, cell.savedWidth()) * hidden);
            cell_ = hasState ? StepBuffers.take(dtype, saved, rows, stateWidth) : new Tensor[saved];
            m = StepBuffers.take(dtype, saved, rows, hidden);
            h = w.wHr != null ? StepBuffers.take(dtype, saved, rows, proj) : m;
            // The step's own rows: its scratch and the two parts of its gates, then backward's running gradients.
            scratch = StepBuffers.take(dtype, 1, rows, hidden * Math.max(1, cell.scratchWidth()));
            inputPart = StepBuffers.take(dtype, 1, rows, width);
            hiddenPart = StepBuffers.take(dtype, 1, rows, hiddenWidth);
            step = new CellStep(cell, rows, hidden, dtype, w.cellParameters(), w.cellMatrices(), scratch[0]);
            gradsOfProj = keepsSteps ? StepBuffers.take(dtype, 4, rows, proj) : null;
            gradsOfHidden = keepsSteps ? StepBuffers.take(dtype, 1, rows, hidden) : null;
            gradsOfState = keepsSteps && hasState ? StepBuffers.take(dtype, 3, rows, stateWidth) : null;
            hInit = rows == batch ? h0 : slice(h0, proj);
            cInit = c0 == null || rows == batch ? c0 : slice(c0, stateWidth);
        }

        private Tensor slice(Tensor full, int cols) {
            Tensor part = buffer(rows, cols);
            Engine.copyRange(full, b0 * cols, part, 0, rows * cols);
            return part;
        }

        void giveBackBuffers() {
            for (Tensor[] set : new Tensor[][] {act, hasState ? cell_ : null, m, h != m ? h : null, scratch, inputPart,
                    hiddenPart, gradsOfProj, gradsOfHidden, gradsOfState}) {
                StepBuffers.giveBack(set);
            }
            act = cell_ = m = h = scratch = inputPart = hiddenPart = gradsOfProj = gradsOfHidden = gradsOfState = null;
        }

        void forward(Gemm.Prepared inputWeights, Gemm.Prepared hiddenWeights, Tensor y, Tensor hN, Tensor cN) {
            Tensor xg = inputPart[0], hg = hiddenPart[0];
            Tensor hPrev = hInit, cPrev = cInit;
            step.bind(Buffer.INPUT_PART, xg).bind(Buffer.HIDDEN_PART, hg);
            for (int s = 0; s < steps; s++) {
                int t = time(s), i = s % saved;
                if (oneHot != null) oneHot.multBiasRows(t * batch + b0, xg);
                else inputWeights.multBiasRows(x, t * batch + b0, w.bIh, xg);
                hiddenWeights.multBias(hPrev, w.bHh, hg);
                step.bind(Buffer.H_PREV, hPrev).bind(Buffer.SAVED, act[i]).bind(Buffer.HIDDEN, m[i]);
                if (hasState) step.bind(Buffer.STATE_PREV, cPrev).bind(Buffer.STATE, cell_[i]);
                if (edits == null) step.forward();
                else step.forward(edits.cellEdits(t));
                if (w.wHr != null) Gemm.mult(m[i], false, w.wHr, true, h[i]);
                if (edits != null) edits.editOutput(t, h[i], rows);
                for (int r = 0; r < rows; r++) {
                    if (padded(b0 + r, t)) {
                        Engine.copyRange(hPrev, r * proj, h[i], r * proj, proj);
                        if (cPrev != null) Engine.copyRange(cPrev, r * stateWidth, cell_[i], r * stateWidth, stateWidth);
                    } else if (y != null) {
                        Engine.copyRange(h[i], r * proj, y, (t * batch + b0 + r) * proj, proj);
                    }
                }
                hPrev = h[i];
                cPrev = cell_[i];
            }
            Engine.copyRange(hPrev, 0, hN, b0 * proj, rows * proj);
            if (cPrev != null) Engine.copyRange(cPrev, 0, cN, b0 * stateWidth, rows * stateWidth);
        }

        void backward(Tensor dY, Tensor dHn, Tensor dCn, Tensor dxg, Tensor dhgAll, Tensor hPrevAll, Tensor dParams,
                Tensor dProducts, Tensor productInputs, Gemm.Prepared hiddenWeights) {
            // Reused from batch to batch: each is written before it is read, but for the two gradients that start
            // from the final states' (zero where the loss does not read them).
            Tensor dh = gradsOfProj[0], dhNext = gradsOfProj[1], dhPrev = gradsOfProj[2];
            if (dHn != null) Engine.copyRange(dHn, b0 * proj, dhNext, 0, rows * proj);
            else dhNext.fill(0);
            Tensor dcNext = hasState ? gradsOfState[0] : null, dcPrev = hasState ? gradsOfState[1] : null;
            if (dcNext != null && dCn != null) Engine.copyRange(dCn, b0 * stateWidth, dcNext, 0, rows * stateWidth);
            else if (dcNext != null) dcNext.fill(0);
            Tensor dm = w.wHr != null ? gradsOfHidden[0] : dh;
            step.bind(Buffer.GRAD_HIDDEN, dm);
            // Rows past a sample's end carry their gradient straight to the previous step; it waits here meanwhile.
            Tensor carryH = gradsOfProj[3], carryC = hasState ? gradsOfState[2] : null;

            for (int s = steps - 1; s >= 0; s--) {
                int t = time(s), at = t * batch + b0;
                Tensor hPrev = s == 0 ? hInit : h[s - 1];
                Tensor cPrev = s == 0 ? cInit : cell_[s - 1];
                Engine.copyRange(dhNext, 0, dh, 0, rows * proj);
                for (int r = 0; r < rows; r++) {
                    if (padded(b0 + r, t)) {
                        Engine.copyRange(dhNext, r * proj, carryH, r * proj, proj);
                        zeroRow(dh, r, proj);
                        if (dcNext != null) {
                            Engine.copyRange(dcNext, r * stateWidth, carryC, r * stateWidth, stateWidth);
                            zeroRow(dcNext, r, stateWidth);
                        }
                    } else if (dY != null) {
                        Engine.addRange(dY, (t * batch + b0 + r) * proj, dh, r * proj, proj);
                    }
                }
                if (recorder != null) recorder.gradient(t, dh);
                if (w.wHr != null) {
                    if (w.wHr.requiresGrad()) Gemm.multAdd(dh, true, m[s], false, Engine.gradBuffer(w.wHr));
                    Gemm.mult(dh, false, w.wHr, false, dm);
                }
                // The step's gradients go straight into their rows of the sequence-long dxg, dhg and parameter parts.
                step.bind(Buffer.SAVED, act[s]).bind(Buffer.H_PREV, hPrev).bind(Buffer.HIDDEN, m[s])
                        .bind(Buffer.GRAD_INPUT_PART, dxg, at * width)
                        .bind(Buffer.GRAD_HIDDEN_PART, dhgAll, at * (dhgAll == dxg ? width : hiddenWidth));
                // dh_prev = (the step's own gradient at h_prev, if it reads h_prev) + dhg·W_hh, added below.
                if (cell.readsHidden()) step.bind(Buffer.GRAD_H_PREV, dhPrev);
                else dhPrev.fill(0);
                if (hasState) {
                    step.bind(Buffer.STATE_PREV, cPrev).bind(Buffer.STATE, cell_[s]).bind(Buffer.GRAD_STATE_NEXT, dcNext)
                            .bind(Buffer.GRAD_STATE_PREV, dcPrev);
                }
                if (dParams != null) step.bind(Buffer.GRAD_PARAMETERS, dParams, at * cell.parameters() * hidden);
                if (dProducts != null) {
                    step.bind(Buffer.GRAD_PRODUCTS, dProducts, at * cell.products() * hidden)
                            .bind(Buffer.PRODUCT_INPUTS, productInputs, at * cell.products() * hidden);
                }
                step.backward();
                Engine.copyRange(hPrev, 0, hPrevAll, at * proj, rows * proj);
                hiddenWeights.multAddRows(dhgAll, at, dhPrev);
                for (int r = 0; r < rows; r++) {
                    if (padded(b0 + r, t)) {
                        Engine.copyRange(carryH, r * proj, dhPrev, r * proj, proj);
                        if (dcPrev != null) Engine.copyRange(carryC, r * stateWidth, dcPrev, r * stateWidth, stateWidth);
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
            // Each block owns its rows of dh0 and dc0.
            if (h0.requiresGrad()) Engine.addRange(dhNext, 0, Engine.gradBuffer(h0), b0 * proj, rows * proj);
            if (c0 != null && c0.requiresGrad()) Engine.addRange(dcNext, 0, Engine.gradBuffer(c0), b0 * stateWidth, rows * stateWidth);
        }

        void record(GateTrace.Recorder recorder) {
            for (int s = 0; s < steps; s++) {
                step.bind(Buffer.SAVED, act[s]).bind(Buffer.HIDDEN, m[s]);
                if (hasState) step.bind(Buffer.STATE, cell_[s]);
                recorder.step(time(s), step, h[s], lengths);
            }
        }
    }

    /**
     * db_ih and db_hh are column sums of dxg and dhg over every step. Where the two are the same array (all but the
     * GRU) the sum is taken once: a pass over steps·batch·gates·hidden floats is memory-bound, not free.
     */
    private void addBiasGradients(Tensor dxg, Tensor dhg) {
        boolean ih = w.bIh != null && w.bIh.requiresGrad(), hh = w.bHh != null && w.bHh.requiresGrad();
        if (ih && hh && dxg == dhg) {
            Tensor sums = Engine.scratch(dtype, SUMS, 1, width);
            sums.fill(0);
            CellStep.addColumnSums(dxg, sums);
            Engine.addRange(sums, 0, Engine.gradBuffer(w.bIh), 0, width);
            Engine.addRange(sums, 0, Engine.gradBuffer(w.bHh), 0, width);     // shared: every block is recurrent
            return;
        }
        if (ih) CellStep.addColumnSums(dxg, Engine.gradBuffer(w.bIh));
        if (hh) CellStep.addColumnSums(dhg, Engine.gradBuffer(w.bHh));
    }


    private static void zeroRow(Tensor t, int row, int cols) {
        for (int j = 0; j < cols; j++) t.set(row * cols + j, 0);
    }
}
