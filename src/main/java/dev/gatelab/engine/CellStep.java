package dev.gatelab.engine;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Storage;
import dev.gatelab.autograd.Engine;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.engine.CompiledCell.Buffer;
import dev.gatelab.engine.CompiledCell.Instruction;
import dev.gatelab.engine.CompiledCell.Loc;
import dev.gatelab.kernel.BlockedGemm;
import dev.gatelab.kernel.DoubleGates;
import dev.gatelab.kernel.ElementOp;
import dev.gatelab.kernel.GateKernels;
import java.util.List;

/**
 * A compiled cell's step over one block of rows: the layer binds the step's tensors to the {@link Buffer}s, then runs
 * {@link #forward()} or {@link #backward()}. This is the one route from the layers to the element-wise kernels; the
 * kernels see arrays, offsets and row distances, and no cell.
 *
 * <pre>{@code
 * step.bind(Buffer.INPUT_PART, xg, firstRow).bind(Buffer.HIDDEN_PART, hg) … .forward();
 * }</pre>
 */
public final class CellStep {
    private static final Buffer[] BUFFERS = Buffer.values();

    private final CompiledCell cell;
    private final int rows, hidden;
    private final boolean floats;
    private final GateKernels.Impl kernels;
    private final float[][] f = new float[BUFFERS.length][], paramF, matrixF;
    private final double[][] d = new double[BUFFERS.length][], paramD, matrixD;
    private final int[] base = new int[BUFFERS.length], stride = new int[BUFFERS.length];

    /**
     * @param cell the compiled cell
     * @param rows the rows of the block
     * @param hidden hidden_size
     * @param dtype the layer's type
     * @param parameters the cell's per-unit parameters, in its order, each [hidden]
     */
    public CellStep(CompiledCell cell, int rows, int hidden, DType dtype, List<Tensor> parameters) {
        this(cell, rows, hidden, dtype, parameters, List.of(), null, GateKernels.get());
    }

    /**
     * As the constructor above, with the step's scratch rows in a tensor the caller keeps from call to call (a layer
     * reuses one per batch), at least rows × hidden × {@link CompiledCell#scratchWidth()} elements.
     *
     * @param cell the compiled cell
     * @param rows the rows of the block
     * @param hidden hidden_size
     * @param dtype the layer's type
     * @param parameters the cell's per-unit parameters, in its order, each [hidden]
     * @param matrices the cell's matrices, in its order, each [hidden, hidden]
     * @param scratch the step's scratch, contents undefined
     */
    public CellStep(CompiledCell cell, int rows, int hidden, DType dtype, List<Tensor> parameters, List<Tensor> matrices,
            Tensor scratch) {
        this(cell, rows, hidden, dtype, parameters, matrices, scratch, GateKernels.get());
    }

    /** As the public constructors, with the float32 kernels given: the plain-Java ones, to compare against. */
    CellStep(CompiledCell cell, int rows, int hidden, DType dtype, List<Tensor> parameters, List<Tensor> matrices,
            Tensor scratch, GateKernels.Impl kernels) {
        if (parameters.size() != cell.parameters()) {
            throw new ArgumentException("CellStep: the cell has " + cell.parameters() + " parameters, got " + parameters.size());
        }
        if (matrices.size() != cell.matrices()) {
            throw new ArgumentException("CellStep: the cell has " + cell.matrices() + " matrices, got " + matrices.size());
        }
        this.cell = cell;
        this.rows = rows;
        this.hidden = hidden;
        this.floats = dtype == DType.FLOAT32;
        this.kernels = kernels;
        this.paramF = new float[parameters.size()][];
        this.paramD = new double[parameters.size()][];
        for (int p = 0; p < parameters.size(); p++) {
            if (floats) paramF[p] = Storage.floats(parameters.get(p));
            else paramD[p] = Storage.doubles(parameters.get(p));
        }
        this.matrixF = new float[matrices.size()][];
        this.matrixD = new double[matrices.size()][];
        for (int m = 0; m < matrices.size(); m++) {
            if (floats) matrixF[m] = Storage.floats(matrices.get(m));
            else matrixD[m] = Storage.doubles(matrices.get(m));
        }
        for (Buffer b : BUFFERS) {
            stride[b.ordinal()] = hidden * switch (b) {
                case INPUT_PART, GRAD_INPUT_PART -> cell.blocks();
                case HIDDEN_PART, GRAD_HIDDEN_PART -> cell.recurrentBlocks();
                case GRAD_PARAMETERS -> cell.parameters();
                case GRAD_PRODUCTS, PRODUCT_INPUTS -> cell.products();
                case STATE_PREV, STATE, GRAD_STATE_NEXT, GRAD_STATE_PREV -> Math.max(1, cell.states());
                case PARAMETER -> 0;
                default -> 1;
            };
        }
        int length = Math.max(1, rows * hidden * cell.scratchWidth());
        if (scratch != null && (scratch.size() < length || scratch.dtype() != dtype)) {
            throw new ArgumentException("CellStep: the scratch must be " + dtype + " with at least " + length
                    + " elements (rows × hidden × scratchWidth), got " + scratch.dtype() + " with " + scratch.size());
        }
        int i = Buffer.SCRATCH.ordinal();
        if (floats) f[i] = scratch == null ? new float[length] : Storage.floats(scratch);
        else d[i] = scratch == null ? new double[length] : Storage.doubles(scratch);
    }

    /**
     * Says which tensor a buffer is, from its first element.
     *
     * @param buffer the buffer
     * @param t the tensor holding it
     * @return this step
     */
    public CellStep bind(Buffer buffer, Tensor t) {
        return bind(buffer, t, 0);
    }

    /**
     * Says which tensor a buffer is, its first row starting at element {@code at} (a step's rows of a sequence-long
     * tensor).
     *
     * @param buffer the buffer
     * @param t the tensor holding it
     * @param at the element where the block's first row starts
     * @return this step
     */
    public CellStep bind(Buffer buffer, Tensor t, int at) {
        if (buffer == Buffer.SCRATCH || buffer == Buffer.PARAMETER) {
            throw new IllegalArgumentException(buffer + " belongs to the step itself");
        }
        int i = buffer.ordinal();
        if (floats) f[i] = Storage.floats(t);
        else d[i] = Storage.doubles(t);
        base[i] = at;
        return this;
    }

    /** Runs the step: the new states, the hidden state and the saved values, from the bound inputs. */
    public void forward() {
        run(cell.forward());
    }

    /**
     * A change to a named value inside the step: the chosen units of every row set to values, right after the step
     * computes it, so that everything after it in the step reads the new values.
     *
     * @param name a gate the step names, or the cell's state
     * @param units the units to set
     * @param values one per unit, or one for all
     */
    public record Edit(String name, int[] units, double[] values) {}

    /**
     * Runs the step with some of its values changed as it goes (an intervention): each edit is made right after the
     * instruction that writes its value.
     *
     * @param edits the changes, none to run the step as {@link #forward()} does
     * @throws ArgumentException when a value is one the step reads as it came (a previous state, a parameter), which
     *     the step cannot change
     */
    public void forward(List<Edit> edits) {
        if (edits.isEmpty()) {
            forward();
            return;
        }
        List<Instruction> program = cell.forward();
        CompiledCell.Written[] where = new CompiledCell.Written[edits.size()];
        for (int e = 0; e < where.length; e++) {
            where[e] = cell.written(edits.get(e).name());
            if (where[e] == null || where[e].after() < 0 && switch (where[e].buffer()) {
                case STATE_PREV, H_PREV, PARAMETER -> true;
                default -> false;
            }) {
                throw new ArgumentException("cell " + cell.name() + ": '" + edits.get(e).name() + "' is not a value the step computes"
                        + (where[e] == null ? "" : " but one it reads as it came (" + where[e].buffer() + "); change that instead"));
            }
        }
        applyEdits(edits, where, -1);
        for (int k = 0; k < program.size(); k++) {
            run(program.subList(k, k + 1));
            applyEdits(edits, where, k);
        }
    }

    private void applyEdits(List<Edit> edits, CompiledCell.Written[] where, int after) {
        for (int e = 0; e < where.length; e++) {
            if (where[e].after() != after) continue;
            Edit edit = edits.get(e);
            Loc loc = new Loc(where[e].buffer(), where[e].column());
            int first = at(loc), step = stride[loc.buffer().ordinal()];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < edit.units().length; k++) {
                    double v = edit.values().length == 1 ? edit.values()[0] : edit.values()[k];
                    int i = first + r * step + edit.units()[k];
                    if (floats) f[loc.buffer().ordinal()][i] = (float) v;
                    else d[loc.buffer().ordinal()][i] = v;
                }
            }
        }
    }

    /**
     * A named gate's or state's value after the forward step, read where the step keeps it (a saved block, the state,
     * the hidden state), from the buffers bound now: what a trace records, without knowing the layout.
     *
     * @param name a gate the step names, or one of the cell's states
     * @param row a row of the block
     * @param unit a unit, 0 to hidden_size − 1
     * @return the value
     */
    public double value(String name, int row, int unit) {
        Loc loc = cell.after(name);
        if (loc == null) throw new ArgumentException("cell " + cell.name() + ": no gate or state '" + name + "'");
        int i = at(loc) + row * stride[loc.buffer().ordinal()] + unit;
        return floats ? floats(loc)[i] : doubles(loc)[i];
    }

    /** Runs the step's derivative: the gradients at the gate parts, the previous states and the parameters. */
    public void backward() {
        run(cell.backward());
    }

    /**
     * target[c] += Σ_r source[r·cols + c], cols = target's size, each column summed in row order: the bias and
     * parameter gradients, from their per-step, per-sample parts.
     *
     * @param source rows × cols values, whole rows
     * @param target the sums, added to
     */
    public static void addColumnSums(Tensor source, Tensor target) {
        int cols = target.size();
        if (source.dtype() == DType.FLOAT32) {
            GateKernels.get().addColumnSums(Storage.floats(source), source.size() / cols, cols,
                    Storage.floats(target));
        } else {
            DoubleGates.addColumnSums(Storage.doubles(source), source.size() / cols, cols,
                    Storage.doubles(target));
        }
    }

    private void run(List<Instruction> program) {
        for (Instruction in : program) {
            if (in.isProduct()) {
                product(in);
                continue;
            }
            Loc a = in.a(), b = in.b() == null ? in.a() : in.b(), o = in.out();
            if (in.op().rowWise()) {
                normalisation(in);
                continue;
            }
            if (floats) {
                kernels.apply(in.op(), rows, hidden, floats(a), at(a), stride[a.buffer().ordinal()], floats(b), at(b),
                        stride[b.buffer().ordinal()], floats(o), at(o), stride[o.buffer().ordinal()]);
            } else {
                DoubleGates.apply(in.op(), rows, hidden, doubles(a), at(a), stride[a.buffer().ordinal()], doubles(b), at(b),
                        stride[b.buffer().ordinal()], doubles(o), at(o), stride[o.buffer().ordinal()]);
            }
        }
    }

    /**
     * LAYER_NORM (out = the normalised a, each row's 1/σ to the first unit of the stats block) or LAYER_NORM_GRAD
     * (out = adjoint a carried back, from the normalised b and the stats).
     */
    private void normalisation(Instruction in) {
        Loc a = in.a(), o = in.out(), stats = in.stats();
        int sa = stride[a.buffer().ordinal()], so = stride[o.buffer().ordinal()], ss = stride[stats.buffer().ordinal()];
        if (in.op() == ElementOp.LAYER_NORM) {
            if (floats) kernels.layerNorm(rows, hidden, floats(a), at(a), sa, floats(o), at(o), so, floats(stats), at(stats), ss);
            else DoubleGates.layerNorm(rows, hidden, doubles(a), at(a), sa, doubles(o), at(o), so, doubles(stats), at(stats), ss);
            return;
        }
        Loc y = in.b();
        int sy = stride[y.buffer().ordinal()];
        if (floats) {
            kernels.layerNormGrad(rows, hidden, floats(a), at(a), sa, floats(y), at(y), sy, floats(stats), at(stats), ss,
                    floats(o), at(o), so);
        } else {
            DoubleGates.layerNormGrad(rows, hidden, doubles(a), at(a), sa, doubles(y), at(y), sy, doubles(stats), at(stats), ss,
                    doubles(o), at(o), so);
        }
    }

    /**
     * out = a·Wᵀ (forward) or a·W (backward) over the block's rows, on the blocked kernels: each row's results are
     * the same multiply-add chains whatever the rows around it, so the bits do not depend on how the batch is cut.
     */
    private void product(Instruction in) {
        Loc a = in.a(), o = in.out();
        int lda = stride[a.buffer().ordinal()], ldc = stride[o.buffer().ordinal()];
        if (floats) {
            BlockedGemm.FLOAT.multiply(false, !in.transposed(), rows, hidden, hidden, floats(a), at(a), lda,
                    matrixF[in.matrix()], 0, hidden, floats(o), at(o), ldc, false);
        } else {
            BlockedGemm.DOUBLE.multiply(false, !in.transposed(), rows, hidden, hidden, doubles(a), at(a), lda,
                    matrixD[in.matrix()], 0, hidden, doubles(o), at(o), ldc, false);
        }
    }

    private float[] floats(Loc loc) {
        return loc.buffer() == Buffer.PARAMETER ? paramF[loc.column()] : f[loc.buffer().ordinal()];
    }

    private double[] doubles(Loc loc) {
        return loc.buffer() == Buffer.PARAMETER ? paramD[loc.column()] : d[loc.buffer().ordinal()];
    }

    /** Saved and scratch blocks lie one after another, [block][row][unit], so each is one run of rows·hidden. */
    private int at(Loc loc) {
        return switch (loc.buffer()) {
            case PARAMETER -> 0;
            case SAVED, SCRATCH -> base[loc.buffer().ordinal()] + loc.column() * rows * hidden;
            default -> base[loc.buffer().ordinal()] + loc.column() * hidden;
        };
    }
}
