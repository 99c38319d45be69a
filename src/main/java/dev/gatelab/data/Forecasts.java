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
     * Root mean squared error.
     *
     * @param forecast the forecasts
     * @param truth what happened, as many values
     * @return √(mean of (forecast − truth)²)
     */
    public static double rmse(double[] forecast, double[] truth) {
        if (forecast.length != truth.length || truth.length == 0) {
            throw new ArgumentException("Forecasts.rmse: " + forecast.length + " forecasts for " + truth.length
                    + " values; give as many, at least one");
        }
        double s = 0;
        for (int i = 0; i < truth.length; i++) s += (forecast[i] - truth[i]) * (forecast[i] - truth[i]);
        return Math.sqrt(s / truth.length);
    }

    private static void check(double[] series, int from, int to, int history) {
        if (from < history || to > series.length || from >= to) {
            throw new ArgumentException("Forecasts: steps [" + from + ", " + to + ") of a series of " + series.length
                    + " need " + history + " values before the first");
        }
    }
}
