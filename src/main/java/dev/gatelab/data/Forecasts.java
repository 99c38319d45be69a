package dev.gatelab.data;

import dev.gatelab.ArgumentException;

/**
 * The baselines a forecast of a seasonal series must beat, one step ahead, and the error to compare them by. Each
 * forecasts {@code series[t]} for t in [from, to) from values before t only.
 */
public final class Forecasts {
    private Forecasts() {}

    /**
     * The last value: ŷ_t = y_{t−1}.
     *
     * @param series the whole series
     * @param from first step forecast (at least 1)
     * @param to one past the last
     * @return the forecasts of steps [from, to)
     */
    public static double[] lastValue(double[] series, int from, int to) {
        check(series, from, to, 1);
        double[] f = new double[to - from];
        for (int t = from; t < to; t++) f[t - from] = series[t - 1];
        return f;
    }

    /**
     * The same season last period: ŷ_t = y_{t−period} (the same month last year, for monthly data and 12).
     *
     * @param series the whole series
     * @param period the season's length
     * @param from first step forecast (at least period)
     * @param to one past the last
     * @return the forecasts of steps [from, to)
     */
    public static double[] lastSeason(double[] series, int period, int from, int to) {
        check(series, from, to, period);
        double[] f = new double[to - from];
        for (int t = from; t < to; t++) f[t - from] = series[t - period];
        return f;
    }

    /**
     * The same season last period, times the growth of the last full period: ŷ_t = y_{t−p} · Σ y_{t−p..t−1} /
     * Σ y_{t−2p..t−p−1}.
     *
     * @param series the whole series
     * @param period the season's length
     * @param from first step forecast (at least 2·period)
     * @param to one past the last
     * @return the forecasts of steps [from, to)
     */
    public static double[] lastSeasonTimesGrowth(double[] series, int period, int from, int to) {
        check(series, from, to, 2 * period);
        double[] f = new double[to - from];
        for (int t = from; t < to; t++) {
            double recent = 0, before = 0;
            for (int k = 1; k <= period; k++) {
                recent += series[t - k];
                before += series[t - period - k];
            }
            f[t - from] = series[t - period] * recent / before;
        }
        return f;
    }

    /**
     * The same rule forecast up to a period ahead from {@code origin}: the growth of the last full period before the
     * origin, frozen, times the same season a period before each month: ŷ_{o+k} = y_{o+k−p} · Σ y_{o−p..o−1} /
     * Σ y_{o−2p..o−p−1}, for k in [0, horizon).
     *
     * @param series the series, known before {@code origin}
     * @param period the season's length
     * @param origin the first step forecast (at least 2·period)
     * @param horizon how many steps, at most one period (the season a period back must be known)
     * @return the forecasts of steps [origin, origin + horizon)
     */
    public static double[] lastSeasonTimesGrowthAhead(double[] series, int period, int origin, int horizon) {
        if (horizon < 1 || horizon > period) {
            throw new ArgumentException("Forecasts.lastSeasonTimesGrowthAhead: expected a horizon in [1, " + period
                    + "] (the season a period back must be known), got " + horizon);
        }
        check(series, origin, origin + 1, 2 * period);
        double recent = 0, before = 0;
        for (int k = 1; k <= period; k++) {
            recent += series[origin - k];
            before += series[origin - period - k];
        }
        double[] f = new double[horizon];
        for (int k = 0; k < horizon; k++) f[k] = series[origin + k - period] * recent / before;
        return f;
    }

    /**
     * Root mean squared error.
     *
     * @param forecast the forecasts
     * @param truth what happened, as many values
     * @return √(mean of (forecast − truth)²)
     */
    public static double rmse(double[] forecast, double[] truth) {
        checkPaired("rmse", forecast, truth);
        double s = 0;
        for (int i = 0; i < truth.length; i++) s += (forecast[i] - truth[i]) * (forecast[i] - truth[i]);
        return Math.sqrt(s / truth.length);
    }

    /**
     * Mean absolute error: the typical miss, in the data's units, which large misses sway less than {@link #rmse}.
     *
     * @param forecast the forecasts
     * @param truth what happened, as many values
     * @return mean of |forecast − truth|
     */
    public static double mae(double[] forecast, double[] truth) {
        checkPaired("mae", forecast, truth);
        double s = 0;
        for (int i = 0; i < truth.length; i++) s += Math.abs(forecast[i] - truth[i]);
        return s / truth.length;
    }

    private static void checkPaired(String what, double[] forecast, double[] truth) {
        if (forecast.length != truth.length || truth.length == 0) {
            throw new ArgumentException("Forecasts." + what + ": " + forecast.length + " forecasts for " + truth.length
                    + " values; give as many, at least one");
        }
    }

    private static void check(double[] series, int from, int to, int history) {
        if (from < history || to > series.length || from >= to) {
            throw new ArgumentException("Forecasts: steps [" + from + ", " + to + ") of a series of " + series.length
                    + " need " + history + " values before the first");
        }
    }
}
