package dev.gatelab.optim;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Storage;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.kernel.GateKernels;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) as torch.optim.Adam, and with {@link #decoupled} true AdamW (Loshchilov and Hutter 2019):
 * m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Adam adds λ·p to g (L2);
 * AdamW instead shrinks p by (1 − lr·λ) before the step.
 */
public class Adam extends Optimizer {
    private double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay;
    private final boolean decoupled;

    /**
     * Adam with PyTorch's defaults (betas 0.9 and 0.999, eps 1e-8).
     *
     * @param params the parameters
     * @param lr the learning rate
     */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, false);
    }

    Adam(List<Tensor> params, double lr, boolean decoupled) {
        super(params, lr);
        this.decoupled = decoupled;
        if (decoupled) weightDecay = 0.01;
    }

    /**
     * @param b1 the decay of the first moment
     * @param b2 the decay of the second moment
     * @return this optimizer
     */
    public Adam betas(double b1, double b2) {
        if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) {
            throw new ArgumentException(getClass().getSimpleName() + ": betas must be in [0, 1), got " + b1 + ", " + b2);
        }
        this.beta1 = b1;
        this.beta2 = b2;
        return this;
    }

    /**
     * @param e added to the denominator
     * @return this optimizer
     */
    public Adam eps(double e) {
        requireNonNegative(getClass().getSimpleName(), "eps", e);
        this.eps = e;
        return this;
    }

    /**
     * @param wd the L2 penalty added to the gradient
     * @return this optimizer
     */
    public Adam weightDecay(double wd) {
        requireNonNegative(getClass().getSimpleName(), "weight_decay", wd);
        this.weightDecay = wd;
        return this;
    }

    @Override
    protected String update(Tensor p, Tensor grad, Map<String, Tensor> state, int step, boolean commit) {
        Tensor m = buffer(state, "exp_avg", p, 0, commit);
        Tensor v = buffer(state, "exp_avg_sq", p, 0, commit);
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        if (p.dtype() == DType.FLOAT32) {
            return updateFloats(Storage.floats(p), Storage.floats(grad), Storage.floats(m), Storage.floats(v), p.size(),
                    stepSize, correction2Sqrt, commit);
        }
        // float64 from here on: a value written is the value read back
        for (int i = 0; i < p.size(); i++) {
            double g = grad.get(i), pi = p.get(i);
            if (decoupled) pi = pi * (1 - lr * weightDecay);
            else g += weightDecay * pi;
            double mi = beta1 * m.get(i) + (1 - beta1) * g;
            double vi = beta2 * v.get(i) + (1 - beta2) * g * g;
            double denom = Math.sqrt(vi) / correction2Sqrt + eps;
            double updated = pi - stepSize * mi / denom;
            if (commit) {
                m.set(i, mi);
                v.set(i, vi);
                p.set(i, updated);
            } else {
                String bad = firstNonFinite(updated, mi, vi);
                if (bad != null) return bad;
            }
        }
        return null;
    }

    /**
     * The float32 update on the arrays themselves, in float and in the order of torch.optim.Adam's own float kernels,
     * on the element-wise kernels (vectors where the JVM allows, the same bits either way): the check before a
     * commit costs about what the commit does.
     */
    private String updateFloats(float[] p, float[] grad, float[] m, float[] v, int n, double stepSize,
            double correction2Sqrt, boolean commit) {
        GateKernels.AdamStep s = new GateKernels.AdamStep((float) beta1, (float) (1 - beta1), (float) beta2,
                (float) (1 - beta2), (float) weightDecay, (float) (1 - lr * weightDecay), decoupled, (float) stepSize,
                (float) correction2Sqrt, (float) eps);
        int bad = GateKernels.get().adam(p, grad, m, v, n, s, commit);
        return bad < 0 ? null : new String[] {"param", "exp_avg", "exp_avg_sq"}[bad % 3];
    }

    /** The name of the first of a parameter's new value, first moment and second moment that is not finite, or null. */
    private static String firstNonFinite(double param, double expAvg, double expAvgSq) {
        return !Double.isFinite(param) ? "param" : !Double.isFinite(expAvg) ? "exp_avg"
                : !Double.isFinite(expAvgSq) ? "exp_avg_sq" : null;
    }
}
