package dev.gatelab.cell;

/**
 * A value of a cell's step, one number per unit and sample: what a {@link StepFunction} computes with. The same step
 * function runs on two kinds of Expr: autograd tensors (the one-step cell module, written op by op) and symbols, from
 * which the layer compiles the element-wise kernels of its fused sequence and their derivatives. So the operations
 * here are the element-wise ones both can do.
 */
public interface Expr {
    /**
     * @param other a value of the same step
     * @return this + other
     */
    Expr add(Expr other);

    /**
     * @param other a value of the same step
     * @return this − other
     */
    Expr sub(Expr other);

    /**
     * @param other a value of the same step
     * @return this ⊙ other
     */
    Expr mul(Expr other);

    /** @return −this */
    Expr neg();

    /** @return 1 − this (a coupled gate, the GRU's 1 − z) */
    Expr oneMinus();

    /** @return σ(this) */
    Expr sigmoid();

    /** @return tanh(this) */
    Expr tanh();

    /** @return max(this, 0) */
    Expr relu();

    /**
     * Layer normalisation over the units of each sample, without gain or bias (multiply and add per-unit parameters
     * for those): (x − mean) / √(var + 10⁻⁵), as torch.nn.functional.layer_norm over the last axis.
     *
     * @return this, normalised
     */
    Expr layerNorm();
}
