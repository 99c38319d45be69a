package dev.gatelab.optim;

import dev.gatelab.autograd.Tensor;
import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_ and clip_grad_value_. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients together so that their global L2 norm is at most {@code maxNorm} (by maxNorm/(norm+1e-6)
     * when above it) and returns the norm they had before.
     *
     * @param params the parameters whose gradients are scaled
     * @param maxNorm the largest global norm allowed
     * @return the global norm before clipping
     */
    public static double byNorm(List<Tensor> params, double maxNorm) {
        double norm = globalNorm(params);
        double coef = Math.min(1.0, maxNorm / (norm + 1e-6));
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            for (int i = 0; i < g.size(); i++) g.set(i, g.get(i) * coef);
        }
        return norm;
    }

    /**
     * Clamps every gradient element to [−limit, limit].
     *
     * @param params the parameters whose gradients are clamped
     * @param limit the bound
     */
    public static void byValue(List<Tensor> params, double limit) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            for (int i = 0; i < g.size(); i++) g.set(i, Math.max(-limit, Math.min(limit, g.get(i))));
        }
    }

    /**
     * √(Σ over all parameters of Σ g²).
     *
     * @param params parameters with gradients
     * @return √(Σ of every gradient element squared)
     */
    public static double globalNorm(List<Tensor> params) {
        double sum = 0, largest = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            for (int i = 0; i < g.size(); i++) {
                sum += g.get(i) * g.get(i);
                largest = Math.max(largest, Math.abs(g.get(i)));
            }
        }
        if (Double.isFinite(sum) || !Double.isFinite(largest)) return Math.sqrt(sum);
        // Finite gradients whose squares overflow (float64 values past 1e154): sum the squares of g / largest.
        double scaled = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            for (int i = 0; i < g.size(); i++) scaled += (g.get(i) / largest) * (g.get(i) / largest);
        }
        return largest * Math.sqrt(scaled);
    }
}
