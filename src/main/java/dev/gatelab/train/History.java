package dev.gatelab.train;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link Trainer#fit} returns: a Tablesaw Table with one row per epoch and the columns epoch, train_loss,
 * val_loss (NaN without validation data), val_METRIC for each metric, lr, grad_norm (the mean global gradient norm
 * before clipping) and seconds.
 */
public final class History extends Table {
    History(String name, String... metrics) {
        super(name, IntColumn.create("epoch"), DoubleColumn.create("train_loss"), DoubleColumn.create("val_loss"));
        for (String m : metrics) addColumns(DoubleColumn.create("val_" + m));
        addColumns(DoubleColumn.create("lr"), DoubleColumn.create("grad_norm"), DoubleColumn.create("seconds"));
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

    public int epochs() {
        return rowCount();
    }

    /** The last epoch's value of a column, e.g. last("val_loss"). */
    public double last(String column) {
        return doubleColumn(column).getDouble(rowCount() - 1);
    }

    /** The smallest value a column reached, e.g. best("val_loss"). */
    public double best(String column) {
        return doubleColumn(column).min();
    }
}
