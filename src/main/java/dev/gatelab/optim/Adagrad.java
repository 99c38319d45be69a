package dev.gatelab.optim;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad as torch.optim.Adagrad: s ← s + g², p ← p − lr/(1 + (t−1)·lr_decay) · g/(√s + ε), with g ← grad + λ·p.
 */
public final class Adagrad extends Optimizer {
    private double lrDecay, weightDecay, initialAccumulator, eps = 1e-10;

    /**
     * Adagrad with PyTorch's defaults.
     *
     * @param params the parameters
     * @param lr the learning rate
     */
    public Adagrad(List<Tensor> params, double lr) {
        super(params, lr);
    }

    /**
     * @param d the rate's decay per step
     * @return this optimizer
     */
    public Adagrad lrDecay(double d) {
        requireNonNegative("Adagrad", "lr_decay", d);
        this.lrDecay = d;
        return this;
    }

    /**
     * @param wd the L2 penalty
     * @return this optimizer
     */
    public Adagrad weightDecay(double wd) {
        requireNonNegative("Adagrad", "weight_decay", wd);
        this.weightDecay = wd;
        return this;
    }

    /**
     * @param v the starting sum of squares
     * @return this optimizer
     */
    public Adagrad initialAccumulatorValue(double v) {
        requireNonNegative("Adagrad", "initial_accumulator_value", v);
        this.initialAccumulator = v;
        return this;
    }

    /**
     * @param e added to the denominator
     * @return this optimizer
     */
    public Adagrad eps(double e) {
        requireNonNegative("Adagrad", "eps", e);
        this.eps = e;
        return this;
    }

    @Override
    protected String update(Tensor p, Tensor grad, Map<String, Tensor> state, int step, boolean commit) {
        DType dtype = p.dtype();
        Tensor sum = buffer(state, "sum", p, initialAccumulator, commit);
        double clr = lr / (1 + (step - 1) * lrDecay);
        for (int i = 0; i < p.size(); i++) {
            double g = grad.get(i) + weightDecay * p.get(i);
            double s = dtype.rounded(sum.get(i) + g * g);
            double updated = dtype.rounded(p.get(i) - clr * g / (Math.sqrt(s) + eps));
            if (commit) {
                sum.set(i, s);
                p.set(i, updated);
            } else if (!Double.isFinite(updated)) {
                return "param";
            } else if (!Double.isFinite(s)) {
                return "sum";
            }
        }
        return null;
    }
}
