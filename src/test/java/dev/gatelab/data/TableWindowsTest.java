package dev.gatelab.data;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** Windows from a table of several columns, split by date, against windows cut by hand; the scaler's fits. */
class TableWindowsTest {
    /** Ten days: a = day, b = 10·day, c = −day, with day 0 on 2020-01-01. */
    private static Table days() {
        Table t = Table.create("days", DateColumn.create("date"), DoubleColumn.create("a"), IntColumn.create("b"), DoubleColumn.create("c"));
        for (int d = 0; d < 10; d++) {
            t.dateColumn("date").append(LocalDate.of(2020, 1, 1).plusDays(d));
            t.doubleColumn("a").append(d);
            t.intColumn("b").append(10 * d);
            t.doubleColumn("c").append(-d);
        }
        return t;
    }

    /** A window cut by hand: rows [start, start + window) of the features, the target row start + window − 1 + horizon. */
    private static void assertWindow(SequenceDataset d, int sample, double[][] rows, int[] features, int[] targets, int start,
            int window, int horizon) {
        for (int t = 0; t < window; t++) {
            for (int f = 0; f < features.length; f++) {
                assertEquals(rows[start + t][features[f]], d.inputs().at(sample, t, f), 1e-6, "sample " + sample + " step " + t);
            }
        }
        for (int k = 0; k < targets.length; k++) {
            assertEquals(rows[start + window - 1 + horizon][targets[k]], d.targets().at(sample, k), 1e-6, "target of " + sample);
        }
    }

    @Test
    void everyWindowIsTheRowsCutByHandAndSitsInTheSplitOfItsTarget() {
        Table t = days();
        Windows.Split s = Windows.of(t, "a", "b", "c").features("a", "b").target("c").window(3).horizon(2).stride(2)
                .splitByDate(t.dateColumn("date"), LocalDate.of(2020, 1, 7), LocalDate.of(2020, 1, 9));
        // Windows start at rows 0, 2, 4 (one at 6 would need row 10); each target is row start + 3 − 1 + 2: rows 4, 6
        // and 8. Jan 7 is row 6 and Jan 9 row 8: one window in each part.
        double[][] rows = new double[10][];
        for (int d = 0; d < 10; d++) rows[d] = new double[] {d, 10 * d, -d};
        int[] features = {0, 1}, targets = {2};
        assertArrayEquals(new int[] {1, 3, 2}, s.train().inputs().shape());
        assertArrayEquals(new int[] {1, 1}, s.train().targets().shape());
        assertWindow(s.train(), 0, rows, features, targets, 0, 3, 2);
        assertWindow(s.validation(), 0, rows, features, targets, 2, 3, 2);
        assertWindow(s.test(), 0, rows, features, targets, 4, 3, 2);
        assertArrayEquals(new int[] {6}, s.validationRows());
        assertArrayEquals(new int[] {8}, s.testRows());
        assertNull(s.scaler());

        // Every column as a feature, two targets, stride 1: 7 windows, split by position.
        Windows.Split all = Windows.of(rows).targets(2, 0).window(3).split(6, 8);
        assertEquals(3 + 2 + 2, all.train().size() + all.validation().size() + all.test().size());
        int[] everything = {0, 1, 2}, two = {2, 0};
        for (int i = 0; i < all.train().size(); i++) assertWindow(all.train(), i, rows, everything, two, i, 3, 1);
        for (int i = 0; i < all.validation().size(); i++) assertWindow(all.validation(), i, rows, everything, two, 3 + i, 3, 1);
        for (int i = 0; i < all.test().size(); i++) assertWindow(all.test(), i, rows, everything, two, 5 + i, 3, 1);
    }

    @Test
    void theScalerIsFittedOnTheTrainingRowsAndInvertsToTheLastDigits() {
        Table t = days();
        Windows.Split s = Windows.of(t, "a", "b", "c").target("b").window(2).standardized()
                .splitByDate(t.dateColumn("date"), LocalDate.of(2020, 1, 7), LocalDate.of(2020, 1, 9));
        // Fitted on rows 0–5 only: a has mean 2.5 and population standard deviation √(35/12).
        double sd = Math.sqrt(35.0 / 12);
        assertEquals((0 - 2.5) / sd, s.train().inputs().at(0, 0, 0), 1e-6);
        assertEquals((8 - 2.5) / sd, s.test().inputs().at(s.test().size() - 1, 1, 0), 1e-6, "test rows scaled by the training fit");
        // The target's scaler maps a prediction back to the data's units.
        Tensor prediction = s.test().targets().to(DType.FLOAT64);
        Tensor back = s.targetScaler().inverse(prediction);
        assertEquals(90, back.get(back.size() - 1), 1e-4);

        double[][] rows = new double[50][3];
        java.util.Random r = new java.util.Random(3);
        for (double[] row : rows) for (int c = 0; c < 3; c++) row[c] = 1e3 * r.nextGaussian() + c;
        for (Scaler scaler : new Scaler[] {Scaler.standard(rows), Scaler.minMax(rows)}) {
            double[][] again = scaler.inverse(scaler.transform(rows));
            for (int i = 0; i < rows.length; i++) assertArrayEquals(rows[i], again[i], 1e-12 * 1e3, scaler.toString());
        }
        double[][] scaled = Scaler.minMax(rows).transform(rows);
        for (int c = 0; c < 3; c++) {
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            for (double[] row : scaled) {
                lo = Math.min(lo, row[c]);
                hi = Math.max(hi, row[c]);
            }
            assertEquals(0, lo, 1e-15);
            assertEquals(1, hi, 1e-15);
        }
        assertEquals(2.0, Scaler.standard(new double[][] {{5}, {5}}).column(0).transform(7.0), "a constant column keeps scale 1");
        // On tensors whose last axis holds the columns: [samples, steps, columns] there and back.
        Scaler std = Scaler.standard(rows);
        Tensor x = Tensor.zeros(DType.FLOAT64, 50, 1, 3);
        for (int i = 0; i < 50; i++) for (int c = 0; c < 3; c++) x.set(i * 3 + c, rows[i][c]);
        Tensor z = std.transform(x);
        assertEquals(std.transform(rows)[7][2], z.at(7, 0, 2), 1e-12);
        assertArrayEquals(x.toArray(), std.inverse(z).toArray(), 1e-12 * 1e3);
        assertRefuses(ArgumentException.class, () -> std.transform(Tensor.zeros(DType.FLOAT64, 2, 4)),
                "expected a last axis of 3 columns, got shape [2, 4]");
    }

    @Test
    void badTablesAndSplitsAreRefusedByName() {
        Table t = days();
        assertRefuses(ArgumentException.class, () -> Windows.of(t, "a", "wind"),
                "the table has no column 'wind'; it has [date, a, b, c]");
        assertRefuses(ArgumentException.class, () -> Windows.of(t, "date"), "not numeric");
        t.doubleColumn("a").setMissing(4);
        assertRefuses(ArgumentException.class, () -> Windows.of(t, "a"),
                "column 'a' has no value at row 4; fill or drop the missing values first");
        Table ok = days();
        assertRefuses(ArgumentException.class, () -> Windows.of(ok, "a").window(3).split(5, 8),
                "name the column to forecast with target(…)");
        assertRefuses(ArgumentException.class, () -> Windows.of(ok, "a").target("a").window(6).split(5, 8),
                "the training rows [0, 5) hold no window of 6 rows");
        assertRefuses(ArgumentException.class, () -> Windows.of(ok, "a").target("x"),
                "no column 'x'; the windows hold [a]");
        Table shuffled = ok.sortDescendingOn("date");
        assertRefuses(ArgumentException.class, () -> Windows.of(shuffled, "a").target("a").window(2)
                .splitByDate(shuffled.dateColumn("date"), LocalDate.of(2020, 1, 5), LocalDate.of(2020, 1, 8)), "the dates must ascend; row 1 (2020-01-09) is before row 0 (2020-01-10)");
        // All windows with no split; a split with no test part; parts without a window refused by name.
        assertEquals(8, Windows.of(ok, "a").target("a").window(2).build().size(), "rows 0–9, windows of 2 and the next row");
        assertNull(Windows.of(ok, "a").target("a").window(2).split(6, 10).test(), "no test part asked for");
        assertRefuses(ArgumentException.class, () -> Windows.of(ok, "a").target("a").window(2).stride(5).split(8, 9),
                "no window has its target in the validation rows [8, 9) (window 2, horizon 1, stride 5)");
        assertRefuses(ArgumentException.class, () -> Windows.of(ok, "a").target("a").window(2)
                .splitByDate(ok.dateColumn("date"), LocalDate.of(2019, 12, 1), LocalDate.of(2020, 1, 8)), "no training rows: the validation part starts on 2019-12-01, on or before the first date, 2020-01-01");
        assertRefuses(ArgumentException.class, () -> Scaler.standard(new double[][] {{1, 2}, {3}}),
                "row 1 has 1 values, row 0 has 2");
        assertRefuses(ArgumentException.class, () -> Scaler.minMax(new double[][] {{1, 2}}).transform(3.0),
                "this scaler has 2 columns; pick one with column(k)");
    }
}
