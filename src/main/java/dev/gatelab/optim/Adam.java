package dev.gatelab.optim;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.List;
import java.util.Map;
import org.ejml.data.FMatrixRMaj;

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
    protected void update(Tensor p, Tensor grad, Map<String, Tensor> state, int step) {
        Tensor m = buffer(state, "exp_avg", p, 0);
        Tensor v = buffer(state, "exp_avg_sq", p, 0);
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        if (p.matrix() instanceof FMatrixRMaj pf) {
            updateFloats(pf.data, floats(grad), floats(m), floats(v), stepSize, correction2Sqrt);
            return;
        }
        for (int i = 0; i < p.size(); i++) {
            double g = grad.get(i);
            if (decoupled) p.set(i, p.get(i) * (1 - lr * weightDecay));
            else g += weightDecay * p.get(i);
            m.set(i, beta1 * m.get(i) + (1 - beta1) * g);
            v.set(i, beta2 * v.get(i) + (1 - beta2) * g * g);
            double denom = Math.sqrt(v.get(i)) / correction2Sqrt + eps;
            p.set(i, p.get(i) - stepSize * m.get(i) / denom);
        }
    }

    /**
     * The float32 update on the arrays themselves, in float and in the order of torch.optim.Adam's own float kernels:
     * a tenth of the time of the double loop above, which went through Tensor.get and set.
     */
    private void updateFloats(float[] p, float[] grad, float[] m, float[] v, double stepSize, double correction2Sqrt) {
        float b1 = (float) beta1, b2 = (float) beta2, wd = (float) weightDecay, shrink = (float) (1 - lr * weightDecay);
        float oneMinusB1 = (float) (1 - beta1), oneMinusB2 = (float) (1 - beta2), e = (float) eps;
        float step = (float) stepSize, c2 = (float) correction2Sqrt;
        for (int i = 0; i < p.length; i++) {
            float g = grad[i];
            if (decoupled) p[i] = p[i] * shrink;
            else g = g + wd * p[i];
            m[i] = m[i] * b1 + oneMinusB1 * g;
            v[i] = v[i] * b2 + oneMinusB2 * g * g;
            float denom = (float) Math.sqrt(v[i]) / c2 + e;
            p[i] = p[i] - step * m[i] / denom;
        }
    }

    private static float[] floats(Tensor t) {
        return ((FMatrixRMaj) t.matrix()).data;
    }
}
