package dev.gatelab.optim;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as torch.optim.SGD: g ← grad + λ·p; with momentum μ, b ← g on the first step and
 * μ·b + (1−dampening)·g after, and g ← b (or g + μ·b with Nesterov); then p ← p − lr·g.
 */
public final class SGD extends Optimizer {
    private double momentum, dampening, weightDecay;
    private boolean nesterov;

    /**
     * Plain stochastic gradient descent.
     *
     * @param params the parameters
     * @param lr the learning rate
     */
    public SGD(List<Tensor> params, double lr) {
        super(params, lr);
    }

    /**
     * @param m the momentum
     * @return this optimizer
     */
    public SGD momentum(double m) {
        requireNonNegative("SGD", "momentum", m);
        this.momentum = m;
        return this;
    }

    /**
     * @param d the dampening of the momentum
     * @return this optimizer
     */
    public SGD dampening(double d) {
        this.dampening = d;
        return this;
    }

    /**
     * @param wd the L2 penalty
     * @return this optimizer
     */
    public SGD weightDecay(double wd) {
        requireNonNegative("SGD", "weight_decay", wd);
        this.weightDecay = wd;
        return this;
    }

    /**
     * @param on whether to use Nesterov momentum
     * @return this optimizer
     */
    public SGD nesterov(boolean on) {
        if (on && (momentum <= 0 || dampening != 0)) {
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening");
        }
        this.nesterov = on;
        return this;
    }

    @Override
    protected String update(Tensor p, Tensor grad, Map<String, Tensor> state, int step, boolean commit) {
        DType dtype = p.dtype();
        Tensor buf = momentum != 0 ? buffer(state, "momentum_buffer", p, 0, commit) : null;
        for (int i = 0; i < p.size(); i++) {
            double g = grad.get(i) + weightDecay * p.get(i), b = 0;
            if (buf != null) {
                b = dtype.rounded(step == 1 ? g : momentum * buf.get(i) + (1 - dampening) * g);
                g = nesterov ? g + momentum * b : b;
            }
            double updated = dtype.rounded(p.get(i) - lr * g);
            if (commit) {
                if (buf != null) buf.set(i, b);
                p.set(i, updated);
            } else if (!Double.isFinite(updated)) {
                return "param";
            } else if (!Double.isFinite(b)) {
                return "momentum_buffer";
            }
        }
        return null;
    }
}
