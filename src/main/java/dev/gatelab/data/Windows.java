package dev.gatelab.data;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * Sliding windows for forecasting. Over one series: sample i is values[i .. i+window) and its target is
 * values[i+window]; inputs [samples, window, 1], targets [samples, 1]. Over a table of several columns (as Keras's
 * timeseries_dataset_from_array): a window of feature rows, a target column (or several) a horizon after the window's
 * last row, a stride between windows, scaling fitted on the training rows only, and a split in time order:
 *
 * <pre>{@code
 * Windows.Split data = Windows.of(weather, "temp_max", "temp_min", "precipitation", "wind")
 *         .target("temp_max").window(14).horizon(1).standardized()
 *         .splitByDate(weather.dateColumn("date"), LocalDate.of(2014, 1, 1), LocalDate.of(2015, 1, 1));
 * data.train();  data.validation();  data.test();      // SequenceDatasets: [samples, 14, 4] → [samples, 1]
 * data.targetScaler().inverse(prediction);            // back in °C
 * }</pre>
 *
 * A window belongs to the split its target row falls in; its inputs may reach back across the boundary, since they
 * were known when the forecast was made.
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

    /**
     * Windows over the rows of a matrix.
     *
     * @param rows rows[t][column], in time order, every value finite
     * @return a builder; name the target with {@link Builder#targets(int...)}
     */
    public static Builder of(double[][] rows) {
        if (rows == null || rows.length == 0) throw new ArgumentException("Windows.of: no rows");
        int columns = rows[0].length;
        String[] names = new String[columns];
        for (int c = 0; c < columns; c++) names[c] = "column " + c;
        double[][] copy = new double[rows.length][];
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != columns) {
                throw new ArgumentException("Windows.of: row " + t + " has " + rows[t].length + " values, row 0 has " + columns);
            }
            copy[t] = rows[t].clone();
        }
        return new Builder(copy, names);
    }

    /**
     * Windows over numeric columns of a Tablesaw table, in its row order.
     *
     * @param table the data, one row per time step
     * @param columns the columns to use, features and targets alike
     * @return a builder; every named column is a feature until {@link Builder#features(String...)} says otherwise
     */
    public static Builder of(Table table, String... columns) {
        if (table == null) throw new ArgumentException("Windows.of: the table is null");
        if (columns.length == 0) throw new ArgumentException("Windows.of: name the columns to use, e.g. of(table, \"temp_max\", \"wind\")");
        double[][] rows = new double[table.rowCount()][columns.length];
        for (int c = 0; c < columns.length; c++) {
            if (!table.columnNames().contains(columns[c])) {
                throw new ArgumentException("Windows.of: the table has no column '" + columns[c] + "'; it has " + table.columnNames());
            }
            if (!(table.column(columns[c]) instanceof NumericColumn<?> numbers)) {
                throw new ArgumentException("Windows.of: column '" + columns[c] + "' is " + table.column(columns[c]).type()
                        + ", not numeric");
            }
            for (int t = 0; t < rows.length; t++) {
                if (numbers.isMissing(t)) {
                    throw new ArgumentException("Windows.of: column '" + columns[c] + "' has no value at row " + t
                            + "; fill or drop the missing values first");
                }
                rows[t][c] = numbers.getDouble(t);
            }
        }
        return new Builder(rows, columns.clone());
    }

    /**
     * The datasets of a split in time order, and the scaler fitted on the training rows (null when none was asked
     * for).
     *
     * @param train windows whose target row is before the validation rows
     * @param validation windows whose target row is in the validation rows
     * @param test windows whose target row is in the test rows, or null when the split has no test part
     * @param scaler every column's scaling, or null
     * @param targetScaler the targets' scaling alone, to map predictions back ({@code targetScaler()::inverse}), or null
     * @param validationRows the row of each validation window's target, in order
     * @param testRows the row of each test window's target, in order: where to read a baseline's forecasts (the last
     *     value, {@code Forecasts.lastValue(series, testRows[0], testRows[testRows.length - 1] + 1)} at horizon 1 and
     *     stride 1; with a longer stride, the rows themselves)
     */
    public record Split(SequenceDataset train, SequenceDataset validation, SequenceDataset test, Scaler scaler, Scaler targetScaler,
            int[] validationRows, int[] testRows) {}

    /** Which columns feed a window, which it forecasts, and how windows are cut and scaled. */
    public static final class Builder {
        private final double[][] rows;
        private final List<String> names;
        private int[] features, targets;
        private int window = -1, horizon = 1, stride = 1;
        private String scaling;

        private Builder(double[][] rows, String[] names) {
            for (int t = 0; t < rows.length; t++) {
                for (int c = 0; c < names.length; c++) {
                    if (!Double.isFinite(rows[t][c])) {
                        throw new ArgumentException("Windows.of: " + names[c] + " is " + rows[t][c] + " at row " + t + "; expected finite values");
                    }
                }
            }
            this.rows = rows;
            this.names = List.of(names);
        }

        /**
         * @param columns the columns a window's inputs hold, by name (default: all)
         * @return this builder
         */
        public Builder features(String... columns) {
            features = indices("features", columns);
            return this;
        }

        /**
         * @param columns the columns a window's inputs hold, by index (default: all)
         * @return this builder
         */
        public Builder features(int... columns) {
            features = checked("features", columns);
            return this;
        }

        /**
         * @param columns the column (or columns) to forecast, by name
         * @return this builder
         */
        public Builder target(String... columns) {
            targets = indices("target", columns);
            return this;
        }

        /**
         * @param columns the column (or columns) to forecast, by index
         * @return this builder
         */
        public Builder targets(int... columns) {
            targets = checked("targets", columns);
            return this;
        }

        /**
         * @param steps rows per window, at least 1
         * @return this builder
         */
        public Builder window(int steps) {
            if (steps < 1) throw new ArgumentException("Windows: window must be at least 1, got " + steps);
            window = steps;
            return this;
        }

        /**
         * @param steps how far after a window's last row its target is: 1 is the next row (the default)
         * @return this builder
         */
        public Builder horizon(int steps) {
            if (steps < 1) throw new ArgumentException("Windows: horizon must be at least 1 (the next row), got " + steps);
            horizon = steps;
            return this;
        }

        /**
         * @param steps rows between the starts of two windows (default 1)
         * @return this builder
         */
        public Builder stride(int steps) {
            if (steps < 1) throw new ArgumentException("Windows: stride must be at least 1, got " + steps);
            stride = steps;
            return this;
        }

        /** @return this builder, scaling each column to mean 0 and standard deviation 1 over the training rows */
        public Builder standardized() {
            scaling = "standard";
            return this;
        }

        /** @return this builder, scaling each column to [0, 1] over the training rows */
        public Builder minMaxScaled() {
            scaling = "min–max";
            return this;
        }

        /**
         * Every window, with the scaling (if asked for) fitted on every row: for data that has no held-out part.
         *
         * @return the windows
         */
        public SequenceDataset build() {
            return cut(rows.length, rows.length).train();
        }

        /**
         * Splits in time order by row: training targets in [0, validationFrom), validation in [validationFrom,
         * testFrom), test in [testFrom, rows).
         *
         * @param validationFrom the first validation row
         * @param testFrom the first test row (the row count for no test part)
         * @return the three datasets and the scaler, fitted on rows [0, validationFrom)
         * @throws ArgumentException when a part that has rows holds no window (a stride longer than the part, say)
         */
        public Split split(int validationFrom, int testFrom) {
            Split s = cut(validationFrom, testFrom);
            String cut = " (window " + window + ", horizon " + horizon + ", stride " + stride + ")";
            if (s.validation() == null) {
                throw new ArgumentException("Windows.split: no window has its target in the validation rows [" + validationFrom
                        + ", " + testFrom + ")" + cut);
            }
            if (s.test() == null && testFrom < rows.length) {
                throw new ArgumentException("Windows.split: no window has its target in the test rows [" + testFrom + ", "
                        + rows.length + ")" + cut);
            }
            return s;
        }

        /** The windows by the part their target falls in; a part without windows is null. */
        private Split cut(int validationFrom, int testFrom) {
            if (targets == null) throw new ArgumentException("Windows: name the column to forecast with target(…)");
            if (window < 0) throw new ArgumentException("Windows: set the window length with window(steps)");
            int n = rows.length;
            if (!(0 < validationFrom && validationFrom <= testFrom && testFrom <= n)) {
                throw new ArgumentException("Windows.split: expected 0 < validationFrom ≤ testFrom ≤ " + n + " rows, got "
                        + validationFrom + " and " + testFrom);
            }
            if (window - 1 + horizon >= validationFrom) {
                throw new ArgumentException("Windows.split: the training rows [0, " + validationFrom + ") hold no window of "
                        + window + " rows and a target " + horizon + " after it");
            }
            Scaler scaler = null;
            double[][] data = rows;
            if (scaling != null) {
                double[][] training = Arrays.copyOf(rows, validationFrom);
                scaler = scaling.equals("standard") ? Scaler.standard(training) : Scaler.minMax(training);
                data = scaler.transform(rows);
            }
            int[] in = features != null ? features : allColumns();
            List<Integer> train = new ArrayList<>(), valid = new ArrayList<>(), test = new ArrayList<>();
            for (int start = 0; start + window - 1 + horizon < n; start += stride) {
                int target = start + window - 1 + horizon;
                (target < validationFrom ? train : target < testFrom ? valid : test).add(start);
            }
            Scaler targetScaler = scaler == null ? null : scaler.columns(targets);
            int[] validationRows = valid.stream().mapToInt(start -> start + window - 1 + horizon).toArray();
            int[] testRows = test.stream().mapToInt(start -> start + window - 1 + horizon).toArray();
            return new Split(windows(data, in, train), windows(data, in, valid), windows(data, in, test), scaler, targetScaler,
                    validationRows, testRows);
        }

        /**
         * Splits in time order by a date column: training targets before {@code validationFrom}, validation targets
         * before {@code testFrom}, test targets from then on.
         *
         * @param dates the table's dates, ascending, one per row
         * @param validationFrom the first validation day
         * @param testFrom the first test day
         * @return the three datasets and the scaler, fitted on the training rows
         */
        public Split splitByDate(DateColumn dates, LocalDate validationFrom, LocalDate testFrom) {
            if (dates == null || dates.size() != rows.length) {
                throw new ArgumentException("Windows.splitByDate: expected a date for each of the " + rows.length + " rows, got "
                        + (dates == null ? "none" : dates.size()));
            }
            for (int t = 0; t < dates.size(); t++) {
                if (dates.isMissing(t)) throw new ArgumentException("Windows.splitByDate: column '" + dates.name() + "' has no date at row " + t);
                if (t > 0 && dates.get(t).isBefore(dates.get(t - 1))) {
                    throw new ArgumentException("Windows.splitByDate: the dates must ascend; row " + t + " (" + dates.get(t)
                            + ") is before row " + (t - 1) + " (" + dates.get(t - 1) + ")");
                }
            }
            if (testFrom.isBefore(validationFrom)) {
                throw new ArgumentException("Windows.splitByDate: the test part (from " + testFrom + ") must not start before the validation part ("
                        + validationFrom + ")");
            }
            int validationRow = firstOnOrAfter(dates, validationFrom);
            if (validationRow == 0) {
                throw new ArgumentException("Windows.splitByDate: no training rows: the validation part starts on " + validationFrom
                        + ", on or before the first date, " + dates.get(0));
            }
            return split(validationRow, firstOnOrAfter(dates, testFrom));
        }

        private static int firstOnOrAfter(DateColumn dates, LocalDate day) {
            int t = 0;
            while (t < dates.size() && dates.get(t).isBefore(day)) t++;
            return t;
        }

        private SequenceDataset windows(double[][] data, int[] in, List<Integer> starts) {
            int n = starts.size();
            if (n == 0) return null;
            Tensor x = Tensor.zeros(DType.FLOAT32, n, window, in.length), y = Tensor.zeros(DType.FLOAT32, n, targets.length);
            for (int i = 0; i < n; i++) {
                int start = starts.get(i);
                for (int t = 0; t < window; t++) {
                    for (int f = 0; f < in.length; f++) x.set((i * window + t) * in.length + f, data[start + t][in[f]]);
                }
                for (int k = 0; k < targets.length; k++) y.set(i * targets.length + k, data[start + window - 1 + horizon][targets[k]]);
            }
            return SequenceDataset.of(x, y);
        }

        private int[] allColumns() {
            int[] all = new int[names.size()];
            for (int c = 0; c < all.length; c++) all[c] = c;
            return all;
        }

        private int[] indices(String what, String[] columns) {
            if (columns.length == 0) throw new ArgumentException("Windows." + what + ": name at least one column");
            int[] out = new int[columns.length];
            for (int k = 0; k < columns.length; k++) {
                out[k] = names.indexOf(columns[k]);
                if (out[k] < 0) throw new ArgumentException("Windows." + what + ": no column '" + columns[k] + "'; the windows hold " + names);
            }
            return out;
        }

        private int[] checked(String what, int[] columns) {
            if (columns.length == 0) throw new ArgumentException("Windows." + what + ": name at least one column");
            for (int c : columns) {
                if (c < 0 || c >= names.size()) {
                    throw new ArgumentException("Windows." + what + ": column " + c + " is outside [0, " + names.size() + ")");
                }
            }
            return columns.clone();
        }
    }
}
