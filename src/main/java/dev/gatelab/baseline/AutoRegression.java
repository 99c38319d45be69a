package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * An autoregression of order p fitted by least squares: {@code x_t = c + a₁ x_{t−1} + … + a_p x_{t−p} + e_t}, with
 * c and the a's minimising the sum of squared e over every t from p on. The baseline a recurrent forecaster must beat
 * on the same input.
 *
 * <pre>{@code
 * AutoRegression ar = AutoRegression.fit(Arrays.copyOf(z, trainEnd), 2);
 * double[] next = ar.oneStepForecasts(z, trainEnd, z.length);   // each from the true values before it
 * }</pre>
 */
public final class AutoRegression {
    private final double intercept;
    private final double[] coefficients;

    private AutoRegression(double intercept, double[] coefficients) {
        this.intercept = intercept;
        this.coefficients = coefficients;
    }

    /**
     * @param series the values it is fitted on
     * @param p the number of lagged values
     * @return the least-squares fit (by QR, so a collinear design is refused, not guessed)
     */
    public static AutoRegression fit(double[] series, int p) {
        if (p < 1) throw new ArgumentException("AutoRegression.fit: expected an order p of at least 1, got " + p);
        if (series == null || series.length < 2 * p + 2) {
            throw new ArgumentException("AutoRegression.fit: an AR(" + p + ") needs at least " + (2 * p + 2)
                    + " values, got " + (series == null ? "null" : series.length));
        }
        int rows = series.length - p;
        DMatrixRMaj design = new DMatrixRMaj(rows, p + 1), target = new DMatrixRMaj(rows, 1), beta = new DMatrixRMaj(p + 1, 1);
        for (int t = p; t < series.length; t++) {
            design.set(t - p, 0, 1);
            for (int j = 1; j <= p; j++) design.set(t - p, j, series[t - j]);
            target.set(t - p, 0, series[t]);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(rows, p + 1);
        if (!solver.setA(design) || solver.quality() < 1e-12) {
            throw new ArgumentException("AutoRegression.fit: the lagged values are collinear (a constant series?); "
                    + "an AR(" + p + ") cannot be fitted to them");
        }
        solver.solve(target, beta);
        double[] a = new double[p];
        for (int j = 0; j < p; j++) a[j] = beta.get(j + 1);
        return new AutoRegression(beta.get(0), a);
    }

    /** @return c */
    public double intercept() {
        return intercept;
    }

    /** @return a₁ … a_p */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * One-step-ahead forecasts: the value at each t in [from, to) from the true values before it.
     *
     * @param series the whole series, known up to {@code to}
     * @param from the first month forecast, at least p
     * @param to one past the last
     * @return to − from forecasts
     */
    public double[] oneStepForecasts(double[] series, int from, int to) {
        checkSpan(series, from, to);
        double[] out = new double[to - from];
        for (int t = from; t < to; t++) out[t - from] = next(series, t);
        return out;
    }

    /**
     * Forecasts {@code horizon} values after {@code origin}, each from the forecasts before it once the true values
     * run out.
     *
     * @param series the series, known before {@code origin}
     * @param origin the first value forecast, at least p
     * @param horizon how many
     * @return the forecasts of the values at origin … origin + horizon − 1
     */
    public double[] forecast(double[] series, int origin, int horizon) {
        checkSpan(series, origin, origin);
        double[] path = java.util.Arrays.copyOf(series, origin + horizon);
        for (int t = origin; t < origin + horizon; t++) path[t] = next(path, t);
        return java.util.Arrays.copyOfRange(path, origin, origin + horizon);
    }

    private double next(double[] x, int t) {
        double v = intercept;
        for (int j = 1; j <= coefficients.length; j++) v += coefficients[j - 1] * x[t - j];
        return v;
    }

    private void checkSpan(double[] series, int from, int to) {
        int p = coefficients.length;
        if (from < p || to < from || to > series.length) {
            throw new ArgumentException("AutoRegression: expected a span within [" + p + ", " + series.length
                    + "] (an AR(" + p + ") needs " + p + " values before it), got [" + from + ", " + to + ")");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "AR(%d): x_t = %.4f", coefficients.length, intercept));
        for (int j = 0; j < coefficients.length; j++) {
            sb.append(String.format(java.util.Locale.ROOT, " %s %.4f x_{t-%d}", coefficients[j] < 0 ? "-" : "+",
                    Math.abs(coefficients[j]), j + 1));
        }
        return sb.append(" + e_t").toString();
    }
}
