package dev.gatelab.cell;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Ops;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.engine.CompiledCell;
import java.util.Map;

/** An {@link Expr} that is an autograd tensor: the step run op by op, with the graph autograd records. */
final class TensorExpr implements Expr {
    private final Tensor t;

    private TensorExpr(Tensor t) {
        this.t = t;
    }

    static Tensor tensor(Expr e) {
        if (e instanceof TensorExpr te) return te.t;
        throw new ArgumentException("a step run on tensors returned a value of another run: " + e);
    }

    // Every value is [batch, H] (parameters are given to every sample where they are read), so no operand broadcasts.

    @Override
    public Expr add(Expr other) {
        return new TensorExpr(t.add(tensor(other)));
    }

    @Override
    public Expr sub(Expr other) {
        return new TensorExpr(t.sub(tensor(other)));
    }

    @Override
    public Expr mul(Expr other) {
        return new TensorExpr(t.mul(tensor(other)));
    }

    @Override
    public Expr neg() {
        return new TensorExpr(t.neg());
    }

    /** 1 + (−x), which IEEE 754 makes the same number as 1 − x. */
    @Override
    public Expr oneMinus() {
        return new TensorExpr(t.neg().add(1.0));
    }

    @Override
    public Expr sigmoid() {
        return new TensorExpr(t.sigmoid());
    }

    @Override
    public Expr tanh() {
        return new TensorExpr(t.tanh());
    }

    @Override
    public Expr relu() {
        return new TensorExpr(t.relu());
    }

    /** Op by op: the mean, the variance (biased, as PyTorch's layer_norm), and the division by √(var + ε). */
    @Override
    public Expr layerNorm() {
        Tensor centred = t.sub(t.mean(1));
        Tensor var = centred.mul(centred).mean(1);
        return new TensorExpr(centred.mul(var.add(dev.gatelab.kernel.ElementOp.LAYER_NORM_EPS).pow(-0.5)));
    }

    @Override
    public String toString() {
        return t.toString();
    }

    /** The inputs of one step, from the stacked pre-activations: block k is columns [k·H, (k+1)·H). */
    static final class Inputs implements StepInputs {
        private final CellDefinition def;
        private final Tensor inputPart, hiddenPart, hidden, state;
        /** The per-unit parameters and the matrices, by name. */
        private final Map<String, Tensor> params;
        private final int units;

        Inputs(CellDefinition def, Tensor inputPart, Tensor hiddenPart, Tensor hidden, Tensor state,
                Map<String, Tensor> params) {
            this.def = def;
            this.inputPart = inputPart;
            this.hiddenPart = hiddenPart;
            this.hidden = hidden;
            this.state = state;
            this.params = params;
            this.units = inputPart.dim(1) / def.blocks().size();
        }

        private Tensor block(Tensor stacked, String name) {
            int k = def.blocks().indexOf(name);
            if (k < 0) throw new ArgumentException("cell " + def.name() + ": no block '" + name + "'; declared " + def.blocks());
            // The hidden state's part has columns only for the recurrent blocks.
            int column = stacked == hiddenPart ? def.compiled().hiddenColumn(k) : k;
            return Ops.slice(stacked, 1, column * units, (column + 1) * units);
        }

        @Override
        public Expr preActivation(String block) {
            return new TensorExpr(block(inputPart, block).add(block(hiddenPart, block)));
        }

        @Override
        public Expr inputPart(String block) {
            return new TensorExpr(block(inputPart, block));
        }

        @Override
        public Expr hiddenPart(String block) {
            return new TensorExpr(block(hiddenPart, block));
        }

        @Override
        public Expr state(String name) {
            int k = def.states().indexOf(name);
            if (k < 0) {
                throw new ArgumentException("cell " + def.name() + ": no state '" + name + "'; declared " + def.states());
            }
            // The states lie side by side, as the layers carry them.
            return new TensorExpr(def.states().size() == 1 ? state : Ops.slice(state, 1, k * units, (k + 1) * units));
        }

        @Override
        public Expr hidden() {
            return new TensorExpr(hidden);
        }

        @Override
        public Expr parameter(String name) {
            Tensor p = params.get(name);
            if (p == null) throw new ArgumentException("cell " + def.name() + ": no parameter '" + name + "'; declared " + def.parameters());
            // Given to every sample, as the fused layer does: a value made of parameters alone would otherwise stay
            // [H], and the next step (or a layer norm over the units) would find no batch in it.
            return new TensorExpr(Tensor.zeros(p.dtype(), hidden.dim(0), p.dim(0)).add(p));
        }

        @Override
        public Expr linear(String matrix, Expr x) {
            Tensor w = params.get(matrix);
            if (w == null || !def.matrices().contains(matrix)) {
                throw new ArgumentException("cell " + def.name() + ": no matrix '" + matrix + "'; declared " + def.matrices());
            }
            return new TensorExpr(Ops.matmul(tensor(x), false, w, true));
        }
    }
}
