package dev.gatelab.baseline;

import dev.gatelab.ArgumentException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * A seasonal ARIMA(p,d,q)(P,D,Q)s model fitted by conditional sum of squares (Box and Jenkins): the classical
 * forecaster of a monthly series. With B the backshift operator and {@code w = (1 − B)^d (1 − B^s)^D y},
 * <pre>
 *   (1 − φ₁B − … − φ_pB^p)(1 − Φ₁B^s − … − Φ_PB^{Ps}) w_t = (1 + θ₁B + … + θ_qB^q)(1 + Θ₁B^s + … + Θ_QB^{Qs}) e_t
 * </pre>
 * with no constant. The residuals e are computed by that recursion from the first w that has every lagged w of the
 * expanded AR polynomial, the e before it taken as 0, and the parameters minimise their sum of squares (Nelder–Mead
 * from all zeros, Commons Math). {@link Order#airline()} is Box and Jenkins's airline model,
 * (0,1,1)(0,1,1)₁₂, fitted to log y.
 *
 * <pre>{@code
 * double[] logY = Arrays.stream(passengers).map(Math::log).toArray();
 * Sarima airline = Sarima.fit(Arrays.copyOf(logY, validEnd), Sarima.Order.airline());
 * double[] next = airline.oneStepForecasts(logY, validEnd, logY.length);   // log passengers, each from the true past
 * }</pre>
 */
public final class Sarima {
    /**
     * The orders of a seasonal ARIMA.
     *
     * @param p non-seasonal AR order
     * @param d non-seasonal differences
     * @param q non-seasonal MA order
     * @param seasonalP seasonal AR order
     * @param seasonalD seasonal differences
     * @param seasonalQ seasonal MA order
     * @param period the season's length s (1 when there is no season)
     */
    public record Order(int p, int d, int q, int seasonalP, int seasonalD, int seasonalQ, int period) {
        /**
         * Checks the orders.
         *
         * @param p non-seasonal AR order
         * @param d non-seasonal differences
         * @param q non-seasonal MA order
         * @param seasonalP seasonal AR order
         * @param seasonalD seasonal differences
         * @param seasonalQ seasonal MA order
         * @param period the season's length s (1 when there is no season)
         */
        public Order {
            if (p < 0 || d < 0 || q < 0 || seasonalP < 0 || seasonalD < 0 || seasonalQ < 0 || period < 1) {
                throw new ArgumentException("Sarima.Order: expected orders of at least 0 and a period of at least 1, got " + this);
            }
            if (period == 1 && (seasonalP > 0 || seasonalD > 0 || seasonalQ > 0)) {
                throw new ArgumentException("Sarima.Order: seasonal orders need a period above 1, got " + this);
            }
        }

        /** @return (0,1,1)(0,1,1)₁₂, Box and Jenkins's model of log airline passengers */
        public static Order airline() {
            return new Order(0, 1, 1, 0, 1, 1, 12);
        }

        int parameters() {
            return p + q + seasonalP + seasonalQ;
        }

        @Override
        public String toString() {
            return "(" + p + "," + d + "," + q + ")(" + seasonalP + "," + seasonalD + "," + seasonalQ + ")" + period;
        }
    }

    private final Order order;
    private final double[] parameters;
    private final double sumOfSquares;
    private final int residuals;

    private Sarima(Order order, double[] parameters, double sumOfSquares, int residuals) {
        this.order = order;
        this.parameters = parameters;
        this.sumOfSquares = sumOfSquares;
        this.residuals = residuals;
    }

    /**
     * @param series the values it is fitted on (log them first for a multiplicative season)
     * @param order the model
     * @return the parameters with the least conditional sum of squares
     */
    public static Sarima fit(double[] series, Order order) {
        Polynomials shape = new Polynomials(order, new double[order.parameters()]);
        int needed = shape.differences.length - 1 + shape.ar.length - 1 + order.parameters() + 2;
        if (series == null || series.length < needed) {
            throw new ArgumentException("Sarima.fit: a SARIMA" + order + " needs at least " + needed + " values, got "
                    + (series == null ? "null" : series.length));
        }
        double[] y = series.clone();
        int n = order.parameters();
        if (n == 0) return new Sarima(order, new double[0], conditionalSumOfSquares(y, order), shape.residualCount(y.length));
        MultivariateFunction css = x -> conditionalSumOfSquares(y, order, x);
        // Two passes: the second restarts the simplex at the first's optimum, as Nelder–Mead can stall on a ridge.
        double[] start = new double[n];
        PointValuePair best = null;
        for (int pass = 0; pass < 2; pass++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-14, 1e-14);
            best = optimizer.optimize(new MaxEval(100_000), new ObjectiveFunction(css), GoalType.MINIMIZE,
                    new InitialGuess(start), new NelderMeadSimplex(n, 0.1));
            start = best.getPoint();
        }
        return new Sarima(order, best.getPoint(), best.getValue(), shape.residualCount(y.length));
    }

    /**
     * The sum of squared residuals the fit minimises, at given parameters.
     *
     * @param series the values
     * @param order the model
     * @param parameters φ₁…φ_p, θ₁…θ_q, Φ₁…Φ_P, Θ₁…Θ_Q in that order
     * @return the conditional sum of squares
     */
    public static double conditionalSumOfSquares(double[] series, Order order, double... parameters) {
        if (parameters.length != order.parameters()) {
            throw new ArgumentException("Sarima: a SARIMA" + order + " has " + order.parameters()
                    + " parameters (φ, θ, Φ, Θ), got " + parameters.length);
        }
        Polynomials m = new Polynomials(order, parameters);
        double[] e = m.residuals(m.difference(series));
        double sum = 0;
        for (int t = m.ar.length - 1; t < e.length; t++) sum += e[t] * e[t];
        return sum;
    }

    /** @return φ₁ … φ_p */
    public double[] ar() {
        return Arrays.copyOfRange(parameters, 0, order.p);
    }

    /** @return θ₁ … θ_q */
    public double[] ma() {
        return Arrays.copyOfRange(parameters, order.p, order.p + order.q);
    }

    /** @return Φ₁ … Φ_P */
    public double[] seasonalAr() {
        return Arrays.copyOfRange(parameters, order.p + order.q, order.p + order.q + order.seasonalP);
    }

    /** @return Θ₁ … Θ_Q */
    public double[] seasonalMa() {
        return Arrays.copyOfRange(parameters, order.p + order.q + order.seasonalP, parameters.length);
    }

    /** @return every parameter: φ, θ, Φ, Θ in that order */
    public double[] parameters() {
        return parameters.clone();
    }

    /** @return the conditional sum of squares at the fit */
    public double sumOfSquares() {
        return sumOfSquares;
    }

    /** @return the residuals' variance: the sum of squares over the number of residuals summed */
    public double sigma2() {
        return sumOfSquares / residuals;
    }

    /**
     * One-step-ahead forecasts: the value at each t in [from, to) from the true values before it (the residual
     * recursion runs on over the true values, with the fitted parameters).
     *
     * @param series the whole series, known up to {@code to}
     * @param from the first value forecast
     * @param to one past the last
     * @return to − from forecasts
     */
    public double[] oneStepForecasts(double[] series, int from, int to) {
        Polynomials m = new Polynomials(order, parameters);
        int first = m.differences.length - 1 + m.ar.length - 1;
        if (from < first || to < from || to > series.length) {
            throw new ArgumentException("Sarima.oneStepForecasts: expected a span within [" + first + ", " + series.length
                    + "] (a SARIMA" + order + " needs " + first + " values before its first forecast), got [" + from + ", " + to + ")");
        }
        double[] w = m.difference(Arrays.copyOf(series, to));
        double[] e = m.residuals(w);
        int lag = m.differences.length - 1;     // w[k] belongs to y[k + lag]
        double[] out = new double[to - from];
        for (int t = from; t < to; t++) {
            int k = t - lag;
            double forecastW = w[k] - e[k];     // the part of w_k known before y_t: all but its own shock
            out[t - from] = m.undifference(series, t, forecastW);
        }
        return out;
    }

    /**
     * Forecasts {@code horizon} values from {@code origin} on, the shocks after it taken as 0 and each forecast
     * feeding the next.
     *
     * @param series the series, known before {@code origin}
     * @param origin the first value forecast
     * @param horizon how many
     * @return the forecasts of the values at origin … origin + horizon − 1
     */
    public double[] forecast(double[] series, int origin, int horizon) {
        Polynomials m = new Polynomials(order, parameters);
        int first = m.differences.length - 1 + m.ar.length - 1;
        if (origin < first || origin > series.length || horizon < 1) {
            throw new ArgumentException("Sarima.forecast: expected an origin within [" + first + ", " + series.length
                    + "] and a horizon of at least 1, got origin " + origin + ", horizon " + horizon);
        }
        int lag = m.differences.length - 1;
        double[] y = Arrays.copyOf(series, origin + horizon);
        double[] w = m.difference(Arrays.copyOf(series, origin));
        double[] e = m.residuals(w);
        w = Arrays.copyOf(w, w.length + horizon);
        e = Arrays.copyOf(e, e.length + horizon);      // future shocks: 0
        for (int t = origin; t < origin + horizon; t++) {
            int k = t - lag;
            w[k] = m.predict(w, e, k);
            y[t] = m.undifference(y, t, w[k]);
        }
        return Arrays.copyOfRange(y, origin, origin + horizon);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SARIMA%s: φ %s, θ %s, Φ %s, Θ %s, σ² %.4g", order, fmt(ar()), fmt(ma()),
                fmt(seasonalAr()), fmt(seasonalMa()), sigma2());
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", v[i]));
        return sb.append(']').toString();
    }

    /** The expanded polynomials: differencing δ(B), AR 1 − Σ a_i B^i and MA 1 + Σ m_j B^j, coefficients by power. */
    private static final class Polynomials {
        final double[] differences, ar, ma;

        Polynomials(Order o, double[] x) {
            double[] phi = new double[o.p + 1], seasonalPhi = new double[o.seasonalP * o.period + 1];
            double[] theta = new double[o.q + 1], seasonalTheta = new double[o.seasonalQ * o.period + 1];
            phi[0] = seasonalPhi[0] = theta[0] = seasonalTheta[0] = 1;
            int i = 0;
            for (int j = 1; j <= o.p; j++) phi[j] = -x[i++];
            for (int j = 1; j <= o.q; j++) theta[j] = x[i++];
            for (int j = 1; j <= o.seasonalP; j++) seasonalPhi[j * o.period] = -x[i++];
            for (int j = 1; j <= o.seasonalQ; j++) seasonalTheta[j * o.period] = x[i++];
            ar = multiply(phi, seasonalPhi);
            ma = multiply(theta, seasonalTheta);
            double[] delta = {1};
            double[] once = {1, -1}, seasonal = new double[o.period + 1];
            seasonal[0] = 1;
            seasonal[o.period] = -1;
            for (int j = 0; j < o.d; j++) delta = multiply(delta, once);
            for (int j = 0; j < o.seasonalD; j++) delta = multiply(delta, seasonal);
            differences = delta;
        }

        /** w[k] = Σ δ_i y[k + lag − i], lag = deg δ: one w for each y that has every lagged y. */
        double[] difference(double[] y) {
            int lag = differences.length - 1;
            double[] w = new double[Math.max(0, y.length - lag)];
            for (int k = 0; k < w.length; k++) {
                double v = 0;
                for (int i = 0; i <= lag; i++) v += differences[i] * y[k + lag - i];
                w[k] = v;
            }
            return w;
        }

        /** y_t from its differenced value: y_t = w − Σ_{i≥1} δ_i y_{t−i}. */
        double undifference(double[] y, int t, double w) {
            double v = w;
            for (int i = 1; i < differences.length; i++) v -= differences[i] * y[t - i];
            return v;
        }

        /** e_k = w_k − predict(k) from the first k with every AR lag; 0 before it. */
        double[] residuals(double[] w) {
            double[] e = new double[w.length];
            for (int k = ar.length - 1; k < w.length; k++) e[k] = w[k] - predict(w, e, k);
            return e;
        }

        /** The part of w_k known before it: −Σ_{i≥1} ar_i w_{k−i} + Σ_{j≥1} ma_j e_{k−j} (e before 0 counts as 0). */
        double predict(double[] w, double[] e, int k) {
            double v = 0;
            for (int i = 1; i < ar.length; i++) v -= ar[i] * w[k - i];
            for (int j = 1; j < ma.length && j <= k; j++) v += ma[j] * e[k - j];
            return v;
        }

        int residualCount(int length) {
            return Math.max(0, length - (differences.length - 1) - (ar.length - 1));
        }

        private static double[] multiply(double[] a, double[] b) {
            double[] c = new double[a.length + b.length - 1];
            for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
            return c;
        }
    }
}
