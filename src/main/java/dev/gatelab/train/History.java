package dev.gatelab.train;

import dev.gatelab.ArgumentException;
import dev.gatelab.FourDigits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * What {@link Trainer#fit} returns: a Tablesaw Table named after the run, with one row per epoch and the columns
 * epoch, train_loss, val_loss (NaN without validation data), val_METRIC for each metric, lr, grad_norm (the mean
 * global gradient norm before clipping) and seconds; and the notes of the run (where early stopping stopped, an
 * interruption). A History read back from a checkpoint ({@link #of(Table)}) is the same type, so charts take it.
 */
public final class History extends Table {
    private final List<String> notes = new ArrayList<>();

    private History(String name) {
        super(name);
    }

    /** Gives every number column of this History the readable print format. */
    private History readable() {
        return FourDigits.on(this);
    }

    /** The columns of every fit but the epoch and the metrics': the losses, then the rate, the gradient norm, the time. */
    static final java.util.List<String> LOSS_AND_STEP_COLUMNS = java.util.List.of("train_loss", "val_loss", "lr", "grad_norm",
            "seconds");

    /** A new, empty History with the columns of a run that records {@code metrics}. */
    static History create(String name, String... metrics) {
        History h = new History(name);
        h.addColumns(IntColumn.create("epoch"));
        for (String c : LOSS_AND_STEP_COLUMNS.subList(0, 2)) h.addColumns(DoubleColumn.create(c));
        for (String m : metrics) h.addColumns(DoubleColumn.create("val_" + m));
        for (String c : LOSS_AND_STEP_COLUMNS.subList(2, 5)) h.addColumns(DoubleColumn.create(c));
        return h.readable();
    }

    /**
     * A History from a table with its columns (a History written out as CSV and read back, say).
     *
     * @param table epoch (integers) and train_loss at least; every other column numeric
     * @return a History with the table's name, rows and columns
     * @throws ArgumentException naming the column that is missing or not numeric
     */
    public static History of(Table table) {
        History h = new History(table.name());
        for (String required : new String[] {"epoch", "train_loss"}) {
            if (!table.columnNames().contains(required)) {
                throw new ArgumentException("History.of: column '" + required + "' is missing; the table has "
                        + table.columnNames());
            }
        }
        for (Column<?> c : table.columns()) {
            if (c.name().equals("epoch")) {
                if (c.type() != ColumnType.INTEGER && c.type() != ColumnType.SHORT && c.type() != ColumnType.LONG) {
                    throw new ArgumentException("History.of: column 'epoch' must hold integers, got " + c.type());
                }
                IntColumn epochs = IntColumn.create("epoch");
                for (int r = 0; r < c.size(); r++) {
                    if (c.isMissing(r)) throw new ArgumentException("History.of: column 'epoch' row " + r + " is empty");
                    epochs.append(((Number) c.get(r)).intValue());
                }
                h.addColumns(epochs);
            } else if (c instanceof tech.tablesaw.api.NumericColumn<?> n) {
                h.addColumns(DoubleColumn.create(c.name(), n.asDoubleArray()));
            } else {
                throw new ArgumentException("History.of: column '" + c.name() + "' must be numeric, got " + c.type());
            }
        }
        if (!h.columnNames().contains("val_loss")) {
            double[] nan = new double[h.rowCount()];
            java.util.Arrays.fill(nan, Double.NaN);
            h.insertColumn(2, DoubleColumn.create("val_loss", nan));
        }
        return h.readable();
    }

    /**
     * The History as CSV: a header of the column names, then a row per epoch, numbers in Java's shortest exact form
     * (NaN as NaN), so that {@link #fromCsv} gives back the same values.
     *
     * @return the CSV text
     */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", columnNames())).append('\n');
        for (int r = 0; r < rowCount(); r++) {
            for (int c = 0; c < columnCount(); c++) {
                if (c > 0) sb.append(',');
                if (column(c) instanceof IntColumn ints) sb.append(ints.getInt(r));
                else sb.append(Double.toString(doubleColumn(c).getDouble(r))); // NaN stays NaN, not empty
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads {@link #toCsv()}'s form back, with the notes the run left (as a checkpoint keeps them).
     *
     * @param name the History's name
     * @param csv the text
     * @param notes what happened besides the epochs, in order
     * @return the History
     * @throws ArgumentException naming the row and column of anything that is not so
     */
    public static History fromCsv(String name, String csv, List<String> notes) {
        History h = fromCsv(name, csv);
        for (String n : notes) {
            if (n == null) throw new ArgumentException("History.fromCsv: a note is null");
            h.note(n);
        }
        return h;
    }

    /**
     * Reads {@link #toCsv()}'s form back, strictly: a header, then rows of exactly as many numbers.
     *
     * @param name the History's name
     * @param csv the text
     * @return the History
     * @throws ArgumentException naming the row and column of anything that is not so
     */
    public static History fromCsv(String name, String csv) {
        String[] lines = csv.split("\r?\n");
        if (lines.length == 0 || lines[0].isBlank()) throw new ArgumentException("History.fromCsv: no header line");
        String[] header = lines[0].split(",", -1);
        List<double[]> columns = new ArrayList<>();
        for (String h : header) columns.add(new double[lines.length - 1]);
        int rows = 0;
        for (int r = 1; r < lines.length; r++) {
            if (lines[r].isEmpty()) continue;
            String[] cells = lines[r].split(",", -1);
            if (cells.length != header.length) {
                throw new ArgumentException("History.fromCsv: row " + r + " has " + cells.length + " values for "
                        + header.length + " columns " + java.util.Arrays.toString(header));
            }
            for (int c = 0; c < cells.length; c++) {
                try {
                    columns.get(c)[rows] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
                } catch (NumberFormatException e) {
                    throw new ArgumentException("History.fromCsv: row " + r + ", column '" + header[c] + "' holds '"
                            + cells[c] + "', not a number");
                }
            }
            rows++;
        }
        Table t = Table.create(name);
        for (int c = 0; c < header.length; c++) {
            double[] v = java.util.Arrays.copyOf(columns.get(c), rows);
            if (header[c].equals("epoch")) {
                int[] epochs = new int[rows];
                for (int r = 0; r < rows; r++) {
                    if (v[r] != Math.rint(v[r]) || Math.abs(v[r]) > Integer.MAX_VALUE) {
                        throw new ArgumentException("History.fromCsv: column 'epoch' row " + (r + 1) + " holds " + v[r]
                                + ", not a whole number");
                    }
                    epochs[r] = (int) v[r];
                }
                t.addColumns(IntColumn.create("epoch", epochs));
            } else {
                t.addColumns(DoubleColumn.create(header[c], v));
            }
        }
        return of(t);
    }

    void append(int epoch, double trainLoss, double valLoss, double[] metricValues, double lr, double gradNorm,
            double seconds) {
        intColumn("epoch").append(epoch);
        doubleColumn("train_loss").append(trainLoss);
        doubleColumn("val_loss").append(valLoss);
        int k = 0;
        for (String name : columnNames()) {
            if (name.startsWith("val_") && !name.equals("val_loss")) doubleColumn(name).append(metricValues[k++]);
        }
        doubleColumn("lr").append(lr);
        doubleColumn("grad_norm").append(gradNorm);
        doubleColumn("seconds").append(seconds);
    }

    void note(String line) {
        notes.add(line);
    }

    /** @return what happened in the run besides its epochs: early stopping, an interruption, skipped batches */
    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    /** @return the number of epochs run */
    public int epochs() {
        return rowCount();
    }

    /**
     * The last epoch's value of a column.
     *
     * @param column e.g. "val_loss"
     * @return its value in the last row
     */
    public double last(String column) {
        requireRows(column);
        return doubleColumn(column).getDouble(rowCount() - 1);
    }

    /**
     * The smallest value a column reached.
     *
     * @param column e.g. "val_loss"
     * @return its minimum over the epochs
     */
    public double best(String column) {
        requireRows(column);
        return doubleColumn(column).min();
    }

    /**
     * The epoch at which a column was smallest (the first, on a tie).
     *
     * @param column e.g. "val_loss"
     * @return that epoch's number (from 1)
     */
    public int bestEpoch(String column) {
        requireRows(column);
        DoubleColumn c = doubleColumn(column);
        int best = -1;
        for (int r = 0; r < rowCount(); r++) {
            // NaN is never best, as early stopping never counts it an improvement.
            if (!Double.isNaN(c.getDouble(r)) && (best < 0 || c.getDouble(r) < c.getDouble(best))) best = r;
        }
        if (best < 0) {
            throw new ArgumentException("History: '" + column + "' is NaN at every epoch (a run without validation data has"
                    + " no val_loss), so it has no best epoch");
        }
        return intColumn("epoch").getInt(best);
    }

    /**
     * The value of one column at the epoch where another was best: the validation MAE at the epoch of lowest
     * validation loss, say, which is the model early stopping keeps. Saves counting epochs from 1 against rows from 0.
     *
     * @param column the column to read, e.g. "val_mae"
     * @param monitored the column whose minimum picks the epoch, e.g. "val_loss"
     * @return {@code column} at {@link #bestEpoch(String) bestEpoch(monitored)}
     */
    public double atBest(String column, String monitored) {
        requireRows(column);
        int epoch = bestEpoch(monitored);
        IntColumn epochs = intColumn("epoch");
        var values = (tech.tablesaw.api.NumericColumn<?>) column(column);
        for (int r = 0; r < rowCount(); r++) if (epochs.getInt(r) == epoch) return values.getDouble(r);
        throw new IllegalStateException("epoch " + epoch + " has no row");
    }

    private void requireRows(String column) {
        if (!columnNames().contains(column)) {
            throw new ArgumentException("History: no column '" + column + "'; it has " + columnNames());
        }
        if (rowCount() == 0) throw new ArgumentException("History: no epochs yet, so no value of '" + column + "'");
    }

    @Override
    public String toString() {
        String head = name() + ": " + rowCount() + (rowCount() == 1 ? " epoch" : " epochs");
        if (rowCount() > 0) {
            head += String.format(", train_loss %.4g", last("train_loss"));
            if (!Double.isNaN(last("val_loss"))) {
                head += String.format(", val_loss %.4g (best %.4g at epoch %d)", last("val_loss"), best("val_loss"),
                        bestEpoch("val_loss"));
            }
        }
        StringBuilder sb = new StringBuilder(head);
        for (String n : notes) sb.append("\n  ").append(n);
        return sb.append('\n').append(super.print()).toString();
    }
}
