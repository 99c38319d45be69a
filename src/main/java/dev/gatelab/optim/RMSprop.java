package dev.gatelab.optim;

import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RMSprop as torch.optim.RMSprop: s ← αs + (1−α)g²; a = √s + ε (centered: √(s − ḡ²) + ε with ḡ the running mean of
 * g); p ← p − lr·g/a, or with momentum μ, b ← μb + g/a and p ← p − lr·b.
 */
public final class RMSprop extends Optimizer {
    private double alpha = 0.99, eps = 1e-8, weightDecay, momentum;
    private boolean centered;

    /**
     * RMSprop with PyTorch's defaults (alpha 0.99, eps 1e-8).
     *
     * @param params the parameters
     * @param lr the learning rate
     */
    public RMSprop(List<Tensor> params, double lr) {
        super(params, lr);
    }

    /**
     * @param a the decay of the mean square
     * @return this optimizer
     */
    public RMSprop alpha(double a) {
        requireNonNegative("RMSprop", "alpha", a);
        this.alpha = a;
        return this;
    }

    /**
     * @param e added to the denominator
     * @return this optimizer
     */
    public RMSprop eps(double e) {
        requireNonNegative("RMSprop", "eps", e);
        this.eps = e;
        return this;
    }

    /**
     * @param wd the L2 penalty
     * @return this optimizer
     */
    public RMSprop weightDecay(double wd) {
        requireNonNegative("RMSprop", "weight_decay", wd);
        this.weightDecay = wd;
        return this;
    }

    /**
     * @param m the momentum
     * @return this optimizer
     */
    public RMSprop momentum(double m) {
        requireNonNegative("RMSprop", "momentum", m);
        this.momentum = m;
        return this;
    }

    /**
     * @param on whether to subtract the mean gradient's square
     * @return this optimizer
     */
    public RMSprop centered(boolean on) {
        this.centered = on;
        return this;
    }

    @Override
    protected String update(Tensor p, Tensor grad, Map<String, Tensor> state, int step, boolean commit) {
        DType dtype = p.dtype();
        Tensor sq = buffer(state, "square_avg", p, 0, commit);
        Tensor avgGrad = centered ? buffer(state, "grad_avg", p, 0, commit) : null;
        Tensor buf = momentum > 0 ? buffer(state, "momentum_buffer", p, 0, commit) : null;
        for (int i = 0; i < p.size(); i++) {
            double g = grad.get(i) + weightDecay * p.get(i);
            double s = dtype.rounded(alpha * sq.get(i) + (1 - alpha) * g * g), avg = 0, b = 0, a;
            if (avgGrad != null) {
                avg = dtype.rounded(alpha * avgGrad.get(i) + (1 - alpha) * g);
                a = Math.sqrt(s - avg * avg) + eps;
            } else {
                a = Math.sqrt(s) + eps;
            }
            double updated;
            if (buf != null) {
                b = dtype.rounded(momentum * buf.get(i) + g / a);
                updated = dtype.rounded(p.get(i) - lr * b);
            } else {
                updated = dtype.rounded(p.get(i) - lr * g / a);
            }
            if (commit) {
                sq.set(i, s);
                if (avgGrad != null) avgGrad.set(i, avg);
                if (buf != null) buf.set(i, b);
                p.set(i, updated);
            } else {
                String bad = !Double.isFinite(updated) ? "param" : !Double.isFinite(s) ? "square_avg"
                        : !Double.isFinite(avg) ? "grad_avg" : !Double.isFinite(b) ? "momentum_buffer" : null;
                if (bad != null) return bad;
            }
        }
        return null;
    }
}
