package dev.gatelab.autograd;

import dev.gatelab.ArgumentException;
import java.util.function.Supplier;

/**
 * Checks a backward against central differences, in float64: for each element x of each tensor named, it compares
 * the analytic dL/dx with (L(x+ε) − L(x−ε)) / 2ε, where L is the function's output weighted by fixed random numbers
 * (so every output element, not just their sum, is checked).
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(() -> myCell(x, h).tanh(), x, h);
 * assert r.passed(1e-6) : r;
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * The worst disagreement found; error = |analytic − numeric| / max(1, |numeric|).
     *
     * @param maxError the largest error over every element checked
     * @param where which input and element it was
     * @param analytic the derivative backpropagation gave there
     * @param numeric the central difference there
     * @param checked how many elements were checked
     */
    public record Result(double maxError, String where, double analytic, double numeric, int checked) {
        /**
         * @param tolerance the largest error allowed, relative where the derivative exceeds 1
         * @return whether every element agreed within it
         */
        public boolean passed(double tolerance) {
            return maxError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("GradCheck: max error %.3g at %s (analytic %.12g, numeric %.12g), %d elements checked",
                    maxError, where, analytic, numeric, checked);
        }
    }

    /**
     * As {@link #check(Supplier, double, Tensor...)} with ε = 1e-6.
     *
     * @param function recomputes the output from the tensors
     * @param wrt float64 tensors the output depends on
     * @return the worst disagreement
     */
    public static Result check(Supplier<Tensor> function, Tensor... wrt) {
        return check(function, 1e-6, wrt);
    }

    /**
     * Compares backpropagation with central differences for every element of {@code wrt}.
     *
     * @param function recomputes the output from the tensors
     * @param epsilon the nudge
     * @param wrt float64 tensors the output depends on
     * @return the worst disagreement
     */
    public static Result check(Supplier<Tensor> function, double epsilon, Tensor... wrt) {
        for (int k = 0; k < wrt.length; k++) {
            if (wrt[k].dtype() != DType.FLOAT64) {
                throw new ArgumentException("GradCheck: tensor " + k + " is " + wrt[k].dtype()
                        + "; central differences need FLOAT64 to be meaningful");
            }
            wrt[k].requiresGrad(true);
            wrt[k].setGrad(null);
        }
        Tensor out = function.get();
        Tensor weights = Tensor.uniform(new Rng(12345), DType.FLOAT64, 0.5, 1.5, out.shape());
        Ops.sum(Ops.mul(out, weights)).backward();

        double worst = -1, worstA = 0, worstN = 0;
        String where = "nowhere";
        int checked = 0;
        try (Grad.Scope off = Grad.off()) {
            for (int k = 0; k < wrt.length; k++) {
                Tensor x = wrt[k];
                for (int i = 0; i < x.size(); i++) {
                    double saved = x.get(i);
                    x.set(i, saved + epsilon);
                    double plus = weighted(function.get(), weights);
                    x.set(i, saved - epsilon);
                    double minus = weighted(function.get(), weights);
                    x.set(i, saved);
                    double numeric = (plus - minus) / (2 * epsilon);
                    double analytic = x.grad() == null ? 0 : x.grad().get(i);
                    double error = Math.abs(analytic - numeric) / Math.max(1, Math.abs(numeric));
                    checked++;
                    if (error > worst) {
                        worst = error;
                        worstA = analytic;
                        worstN = numeric;
                        where = "tensor " + k + " " + Shapes.text(x.shape()) + " element " + i;
                    }
                }
            }
        }
        return new Result(Math.max(worst, 0), where, worstA, worstN, checked);
    }

    private static double weighted(Tensor out, Tensor weights) {
        double s = 0;
        for (int i = 0; i < out.size(); i++) s += out.get(i) * weights.get(i);
        return s;
    }
}
