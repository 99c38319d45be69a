package dev.gatelab.data;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import java.util.Arrays;

/**
 * A per-column affine scaling, x' = (x − shift) / scale, fitted on the training rows only and remembered, so that
 * predictions can be mapped back to the data's units. Two fits, as scikit-learn's: min–max, each column to [0, 1]
 * ({@link #minMax}), and standard, each column to mean 0 and standard deviation 1 ({@link #standard}, the population
 * deviation as StandardScaler's). A column that is constant on the training rows gets scale 1, as scikit-learn's.
 *
 * <pre>{@code
 * Scaler s = Scaler.standard(trainingRows);      // rows[t][column]
 * double[][] scaled = s.transform(allRows);
 * double celsius = s.column(0).inverse(prediction);
 * }</pre>
 */
public final class Scaler {
    private final double[] shift, scale;
    private final String kind;

    private Scaler(String kind, double[] shift, double[] scale) {
        this.kind = kind;
        this.shift = shift;
        this.scale = scale;
    }

    /**
     * Min–max scaling of one series, fitted on {@code values} (the training part only, so the test part does not
     * leak into the scale).
     *
     * @param values the values it learns the range of (the training span only)
     * @return the scaler, of one column
     */
    public static Scaler fit(double[] values) {
        if (values == null || values.length == 0) throw new ArgumentException("Scaler.fit: no values");
        double[][] rows = new double[values.length][1];
        for (int i = 0; i < values.length; i++) rows[i][0] = values[i];
        return minMax(rows);
    }

    /**
     * @param rows the training rows, rows[t][column], every value finite
     * @return each column mapped to [0, 1] over these rows
     */
    public static Scaler minMax(double[][] rows) {
        int columns = check("minMax", rows);
        double[] lo = new double[columns], range = new double[columns];
        for (int c = 0; c < columns; c++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] row : rows) {
                min = Math.min(min, row[c]);
                max = Math.max(max, row[c]);
            }
            lo[c] = min;
            range[c] = max > min ? max - min : 1;
        }
        return new Scaler("min–max", lo, range);
    }

    /**
     * @param rows the training rows, rows[t][column], every value finite
     * @return each column shifted by its mean and divided by its (population) standard deviation over these rows
     */
    public static Scaler standard(double[][] rows) {
        int columns = check("standard", rows);
        double[] mean = new double[columns], sd = new double[columns];
        for (int c = 0; c < columns; c++) {
            double s = 0;
            for (double[] row : rows) s += row[c];
            mean[c] = s / rows.length;
            double ss = 0;
            for (double[] row : rows) ss += (row[c] - mean[c]) * (row[c] - mean[c]);
            double deviation = Math.sqrt(ss / rows.length);
            sd[c] = deviation > 0 ? deviation : 1;
        }
        return new Scaler("standard", mean, sd);
    }

    private static int check(String fit, double[][] rows) {
        if (rows == null || rows.length == 0) throw new ArgumentException("Scaler." + fit + ": no rows to fit on");
        int columns = rows[0].length;
        if (columns == 0) throw new ArgumentException("Scaler." + fit + ": the rows have no columns");
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != columns) {
                throw new ArgumentException("Scaler." + fit + ": row " + t + " has " + rows[t].length + " values, row 0 has " + columns);
            }
            for (int c = 0; c < columns; c++) {
                if (!Double.isFinite(rows[t][c])) {
                    throw new ArgumentException("Scaler." + fit + ": value " + rows[t][c] + " at row " + t + ", column " + c + " is not finite");
                }
            }
        }
        return columns;
    }

    /** @return the number of columns it scales */
    public int columns() {
        return shift.length;
    }

    /**
     * @param column a column it was fitted on
     * @return the scaler of that column alone: a target's, to map predictions back ({@code s.column(0)::inverse})
     */
    public Scaler column(int column) {
        return columns(column);
    }

    /**
     * @param picked columns it was fitted on, in the order wanted
     * @return the scaler of those columns alone (several targets')
     */
    public Scaler columns(int... picked) {
        if (picked.length == 0) throw new ArgumentException("Scaler.columns: pick at least one column");
        double[] sh = new double[picked.length], sc = new double[picked.length];
        for (int k = 0; k < picked.length; k++) {
            if (picked[k] < 0 || picked[k] >= columns()) {
                throw new ArgumentException("Scaler.columns: column " + picked[k] + " is outside [0, " + columns() + ")");
            }
            sh[k] = shift[picked[k]];
            sc[k] = scale[picked[k]];
        }
        return new Scaler(kind, sh, sc);
    }

    /**
     * @param v a value of the one column (a scaler of several columns: pick one with {@link #column})
     * @return it scaled
     */
    public double transform(double v) {
        requireOneColumn("transform");
        return scaled(0, v);
    }

    /**
     * @param v a scaled value of the one column
     * @return it in the original units
     */
    public double inverse(double v) {
        requireOneColumn("inverse");
        return unscaled(0, v);
    }

    /**
     * @param values values of the one column, in the original units
     * @return them scaled
     */
    public double[] transform(double[] values) {
        requireOneColumn("transform");
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = scaled(0, values[i]);
        return out;
    }

    /**
     * @param values scaled values of the one column
     * @return them in the original units
     */
    public double[] inverse(double[] values) {
        requireOneColumn("inverse");
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = unscaled(0, values[i]);
        return out;
    }

    /**
     * @param rows rows[t][column] in the original units, as many columns as it was fitted on
     * @return them scaled, a new array
     */
    public double[][] transform(double[][] rows) {
        return map("transform", rows, false);
    }

    /**
     * @param rows scaled rows[t][column]
     * @return them in the original units, a new array
     */
    public double[][] inverse(double[][] rows) {
        return map("inverse", rows, true);
    }

    /**
     * A model's predictions back in the data's units: the last axis holds the columns it was fitted on (a target
     * scaler of one column maps every element).
     *
     * @param scaled predictions, e.g. [samples, targets]
     * @return a new tensor of the same shape and type, in the original units
     */
    public Tensor inverse(Tensor scaled) {
        return map("inverse", scaled, true);
    }

    /**
     * A tensor scaled, e.g. a dataset's inputs [samples, steps, features] whose last axis holds the columns it was
     * fitted on (a scaler of one column maps every element).
     *
     * @param values in the original units
     * @return a new tensor of the same shape and type, scaled
     */
    public Tensor transform(Tensor values) {
        return map("transform", values, false);
    }

    private Tensor map(String what, Tensor t, boolean back) {
        int last = t.dim(-1);
        if (columns() != 1 && last != columns()) {
            throw new ArgumentException("Scaler." + what + ": expected a last axis of " + columns() + " columns, got shape "
                    + Arrays.toString(t.shape()));
        }
        Tensor out = t.to(t.dtype());
        for (int i = 0; i < out.size(); i++) {
            int c = columns() == 1 ? 0 : i % last;
            out.set(i, back ? unscaled(c, out.get(i)) : scaled(c, out.get(i)));
        }
        return out;
    }

    private double[][] map(String what, double[][] rows, boolean back) {
        double[][] out = new double[rows.length][];
        for (int t = 0; t < rows.length; t++) {
            checkRow(what, rows[t], t);
            out[t] = new double[columns()];
            for (int c = 0; c < columns(); c++) out[t][c] = back ? unscaled(c, rows[t][c]) : scaled(c, rows[t][c]);
        }
        return out;
    }

    /** x' = (x − shift) / scale: the one formula every transform applies. */
    private double scaled(int column, double v) {
        return (v - shift[column]) / scale[column];
    }

    /** x = shift + x' · scale: the one formula every inverse applies. */
    private double unscaled(int column, double v) {
        return shift[column] + v * scale[column];
    }

    private void checkRow(String what, double[] row, int t) {
        if (row.length != columns()) {
            throw new ArgumentException("Scaler." + what + ": row " + t + " has " + row.length + " values; the scaler was fitted on "
                    + columns() + " columns");
        }
    }

    private void requireOneColumn(String what) {
        if (columns() != 1) {
            throw new ArgumentException("Scaler." + what + ": this scaler has " + columns() + " columns; pick one with column(k),"
                    + " or pass rows");
        }
    }

    @Override
    public String toString() {
        return "Scaler(" + kind + ", " + columns() + (columns() == 1 ? " column" : " columns") + ": shift "
                + Arrays.toString(shift) + ", scale " + Arrays.toString(scale) + ")";
    }
}
