package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The Diebold–Mariano test of equal accuracy of two forecasts of the same values, with the small-sample correction of
 * Harvey, Leybourne and Newbold (1997): is the mean difference of their squared errors distinguishable from 0, given
 * how few test points there are? With {@code d_t = e_{1,t}² − e_{2,t}²} over n points and h-step forecasts,
 * <pre>
 *   DM  = d̄ / √((γ₀ + 2 Σ_{k=1}^{h−1} γ_k) / n)          γ_k: the autocovariance of d at lag k
 *   HLN = DM · √((n + 1 − 2h + h(h − 1)/n) / n),          compared with Student's t on n − 1 degrees of freedom
 * </pre>
 * A p-value above the level means the test months cannot tell the two forecasts apart: a tie.
 *
 * <pre>{@code
 * DieboldMariano.Result r = DieboldMariano.test(truth, lstmForecast, sarimaForecast, 1);
 * r.pValue();     // two-sided
 * }</pre>
 */
public final class DieboldMariano {
    private DieboldMariano() {}

    /**
     * What the test found.
     *
     * @param meanDifference d̄: the first forecast's mean squared error minus the second's (negative: the first is better)
     * @param statistic the HLN-corrected statistic
     * @param pValue the two-sided p-value from Student's t on n − 1 degrees of freedom
     * @param points n
     */
    public record Result(double meanDifference, double statistic, double pValue, int points) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Δ mean squared error %.4g over %d points, HLN statistic %.3f, p %.3f",
                    meanDifference, points, statistic, pValue);
        }
    }

    /**
     * @param truth the values forecast
     * @param first one forecast of them
     * @param second another
     * @param horizon h, the steps ahead each forecast was made (1 for one-step-ahead)
     * @return the corrected statistic and its p-value
     */
    public static Result test(double[] truth, double[] first, double[] second, int horizon) {
        if (truth == null || first == null || second == null) throw new ArgumentException("DieboldMariano.test: an array is null");
        if (first.length != truth.length || second.length != truth.length) {
            throw new ArgumentException("DieboldMariano.test: expected two forecasts of the " + truth.length
                    + " values, got " + first.length + " and " + second.length);
        }
        int n = truth.length;
        if (horizon < 1 || horizon >= n) {
            throw new ArgumentException("DieboldMariano.test: expected a horizon in [1, " + (n - 1) + "], got " + horizon);
        }
        if (n < 3) throw new ArgumentException("DieboldMariano.test: expected at least 3 points, got " + n);
        double[] d = new double[n];
        double mean = 0;
        for (int t = 0; t < n; t++) {
            double a = first[t] - truth[t], b = second[t] - truth[t];
            d[t] = a * a - b * b;
            mean += d[t] / n;
        }
        double variance = autocovariance(d, mean, 0);
        for (int k = 1; k < horizon; k++) variance += 2 * autocovariance(d, mean, k);
        if (!(variance > 0)) {
            throw new ArgumentException("DieboldMariano.test: the loss differences have no variance (the forecasts are "
                    + "equally far off at every point, or identical); the test is undefined");
        }
        double dm = mean / Math.sqrt(variance / n);
        double hln = dm * Math.sqrt((n + 1 - 2.0 * horizon + horizon * (horizon - 1.0) / n) / n);
        double p = 2 * new TDistribution(n - 1).cumulativeProbability(-Math.abs(hln));
        return new Result(mean, hln, p, n);
    }

    /** γ_k = (1/n) Σ_{t=k}^{n−1} (d_t − d̄)(d_{t−k} − d̄). */
    private static double autocovariance(double[] d, double mean, int k) {
        double s = 0;
        for (int t = k; t < d.length; t++) s += (d[t] - mean) * (d[t - k] - mean);
        return s / d.length;
    }
}
