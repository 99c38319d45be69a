package dev.gatelab.data;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import tech.tablesaw.api.NumericColumn;

/**
 * Sliding windows over a series for one-step-ahead forecasting: sample i is values[i .. i+window) and its target is
 * values[i+window]. Inputs are [samples, window, 1], targets [samples, 1].
 */
public final class Windows {
    private Windows() {}

    /**
     * Windows of a series: sample i is values[i, i + window) with target values[i + window].
     *
     * @param series the series
     * @param window steps per input, in [1, length)
     * @return the windows
     */
    public static SequenceDataset of(double[] series, int window) {
        if (window <= 0 || window >= series.length) {
            throw new ArgumentException("Windows: window must be in [1, " + (series.length - 1) + "] for a series of "
                    + series.length + " values, got " + window);
        }
        int n = series.length - window;
        Tensor x = Tensor.zeros(DType.FLOAT32, n, window, 1), y = Tensor.zeros(DType.FLOAT32, n, 1);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < window; t++) x.set(i * window + t, series[i + t]);
            y.set(i, series[i + window]);
        }
        return SequenceDataset.of(x, y);
    }

    /**
     * Windows over a numeric Tablesaw column (e.g. {@code table.numberColumn("passengers")}).
     *
     * @param column the series
     * @param window steps per input
     * @return the windows
     */
    public static SequenceDataset of(NumericColumn<?> column, int window) {
        return of(column.asDoubleArray(), window);
    }
}
