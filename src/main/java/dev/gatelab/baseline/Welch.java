package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's t-test of two independent samples with unequal variances, the test Greff et al. (2017) used to compare each
 * LSTM variant with the vanilla one over their runs: can the seeds tell the two means apart? With means x̄, ȳ, sample
 * variances s²ₓ, s²ᵧ and sizes n, m,
 * <pre>
 *   t  = (x̄ − ȳ) / √(s²ₓ/n + s²ᵧ/m)
 *   ν  = (s²ₓ/n + s²ᵧ/m)² / ((s²ₓ/n)²/(n − 1) + (s²ᵧ/m)²/(m − 1))       Welch–Satterthwaite degrees of freedom
 * </pre>
 * and the two-sided p-value from Student's t on ν degrees of freedom. Several comparisons at once need their p-values
 * adjusted together ({@link Holm}).
 *
 * <pre>{@code
 * Welch.Result r = Welch.test(variantLogMse, vanillaLogMse);
 * r.pValue();     // two-sided; r.difference() < 0: the first sample's mean is lower
 * }</pre>
 */
public final class Welch {
    private Welch() {}

    /**
     * What the test found.
     *
     * @param difference x̄ − ȳ
     * @param statistic t
     * @param degreesOfFreedom ν, the Welch–Satterthwaite approximation
     * @param pValue two-sided
     */
    public record Result(double difference, double statistic, double degreesOfFreedom, double pValue) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "difference of means %.4g, t %.3f on %.1f degrees of freedom, p %.3g",
                    difference, statistic, degreesOfFreedom, pValue);
        }
    }

    /**
     * @param x one sample, at least 2 finite values
     * @param y the other, at least 2 finite values
     * @return t, ν and the two-sided p-value; p is 1 when both samples are constant and equal, 0 when both are constant
     *     and differ
     */
    public static Result test(double[] x, double[] y) {
        check("first", x);
        check("second", y);
        int n = x.length, m = y.length;
        double mx = mean(x), my = mean(y);
        double vx = variance(x, mx) / n, vy = variance(y, my) / m;
        double se2 = vx + vy, difference = mx - my;
        if (se2 == 0) {         // both samples constant: the difference is either none or certain
            return new Result(difference, difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference),
                    n + m - 2, difference == 0 ? 1 : 0);
        }
        double t = difference / Math.sqrt(se2);
        double nu = se2 * se2 / (vx * vx / (n - 1) + vy * vy / (m - 1));
        double p = 2 * new TDistribution(null, nu).cumulativeProbability(-Math.abs(t));
        return new Result(difference, t, nu, Math.min(1, p));
    }

    private static void check(String which, double[] v) {
        if (v == null) throw new ArgumentException("Welch.test: the " + which + " sample is null");
        if (v.length < 2) {
            throw new ArgumentException("Welch.test: each sample needs at least 2 values for its variance; the " + which
                    + " has " + v.length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ArgumentException("Welch.test: expected finite values; the " + which + " sample has " + v[i]
                        + " at index " + i);
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double d : v) s += (d - mean) * (d - mean);
        return s / (v.length - 1);
    }
}
