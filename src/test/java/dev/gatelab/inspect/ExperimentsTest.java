package dev.gatelab.inspect;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Rng;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.CrossEntropyLoss;
import dev.gatelab.nn.GateTrace;
import dev.gatelab.nn.Intervention;
import dev.gatelab.nn.LSTM;
import dev.gatelab.nn.RNN;
import dev.gatelab.nn.Reduction;
import dev.gatelab.nn.SequenceModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Ablation, pattern search, probes and the held-out search for tracking units, each against what it must find. */
class ExperimentsTest {
    @Test
    void ablationSplitsTheChangeInLossByWhereThePropertyHolds() {
        Rng rng = new Rng(1);
        SequenceModel model = SequenceModel.everyStep(LSTM.builder(3, 5).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 6, 3);
        double[][] labels = {{0, 1, 2, 0, 1, 2}, {2, 2, 1, 1, 0, 0}};
        Tensor y = Tensor.of(DType.FLOAT64, labels);
        boolean[] where = new boolean[12];
        for (int k = 0; k < 12; k++) where[k] = k % 6 >= 3; // the second half of every sample
        CrossEntropyLoss perPosition = new CrossEntropyLoss(Reduction.NONE, -100, 0);
        Ablation a = Ablation.of(model, x, y, perPosition, where);

        // Silencing c from step 3 on changes nothing before step 3: all of the change is where the property holds.
        Ablation.Effect late = a.effect(Intervention.on("c").units(0, 1, 2, 3, 4).steps(3, 6).silence());
        assertEquals(0, late.outside(), 0);
        assertTrue(late.inside() != 0);
        // Against the change measured by hand.
        double[] base = perPosition.forward(model.predict(x), y).toArray();
        double[] changed = perPosition.forward(model.with(Intervention.on("h").units(2).silence()).predict(x), y).toArray();
        double in = 0, out = 0;
        for (int k = 0; k < 12; k++) {
            if (where[k]) in += (changed[k] - base[k]) / 6;
            else out += (changed[k] - base[k]) / 6;
        }
        Ablation.Effect e = a.effect(Intervention.on("h").units(2).silence());
        assertEquals(in, e.inside(), 1e-15);
        assertEquals(out, e.outside(), 1e-15);

        Table t = a.perUnit("c", model.trace(x), 1, 4);
        assertEquals(6, t.rowCount(), "units 1 and 4 alone and together, silenced and mean-replaced");
        assertEquals("all 2", t.stringColumn("units").get(4));
        assertThrows(ArgumentException.class, () -> Ablation.of(model, x, y, perPosition, new boolean[12]));
        assertThrows(ArgumentException.class, () -> Ablation.of(model, x, y, perPosition, new boolean[5]));
    }

    /** An RNN whose h units 0 and 2 are made 1 over chosen spans and 0 elsewhere: a pattern of known places. */
    private static GateTrace patterned() {
        Rng rng = new Rng(2);
        SequenceModel model = SequenceModel.everyStep(RNN.builder(2, 4).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 1);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 12, 2);
        // Units 1 and 3 stay at 0 (tanh units are below 0.9 anyway); 0 and 2 are on at [3, 6) and [8, 10) only.
        return model.with(Intervention.on("h").silence(),
                Intervention.on("h").units(0, 2).steps(3, 6).clamp(1), Intervention.on("h").units(0, 2).steps(8, 10).clamp(1)).trace(x);
    }

    @Test
    void patternSearchFindsTheUnitsOfASpanAndEverySpanWhereTheyAreOn() {
        GateTrace trace = patterned();
        PatternSearch p = PatternSearch.select(trace, "h", 0, 3, 6, 0.9);
        assertArrayEquals(new int[] {0, 2}, p.units());
        List<PatternSearch.Match> m = p.matches();
        assertEquals(4, m.size(), "two spans in each of two samples");
        assertEquals(3, m.get(0).length(), "the selection's length first");
        assertEquals(2, m.get(3).length());
        assertEquals(1.0, m.get(0).strength(), 0);
        Table t = p.matches(3, List.of("abcdefghijkl", "ABCDEFGHIJKL"));
        assertEquals(3, t.rowCount());
        assertTrue(t.stringColumn("text").asList().contains("DEF"));
        java.util.List<dev.gatelab.plot.PlotlyFigure> figs = p.chart(2).figures();
        assertEquals(3, figs.get(0).traces().size(), "units 0 and 2, and the threshold");
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0), figs.get(0).traces().get(0).get("x"), "steps [3, 6) and 2 around");
        // A span the units are on beyond is not their pattern: at [4, 6) they were on at step 3 as well.
        assertEquals(0, PatternSearch.select(trace, "h", 0, 4, 6, 0.9).units().length);
        assertRefuses(ArgumentException.class,
                () -> PatternSearch.select(trace,
                "h", 0, 10, 13, 0.9), "span [10, 13) is outside sample 0's steps [0, 12)");
        assertThrows(ArgumentException.class, () -> PatternSearch.select(trace, "c", 0, 3, 6, 0.9));
    }

    @Test
    void aRidgeProbeWithoutPenaltyIsLeastSquares() {
        Rng rng = new Rng(3);
        int n = 200;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        boolean[] train = new boolean[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < 3; j++) x[r][j] = rng.normal();
            y[r] = 2 * x[r][0] - x[r][2] + 0.5 + 0.1 * rng.normal();
            train[r] = r < 150;
        }
        Probe.Result r = Probe.ridge(x, y, train, 0);
        assertTrue(r.test() > 0.99, r.toString());
        // One feature alone, by the textbook formula: R² of a simple regression on held-out rows.
        double mx = 0, my = 0;
        for (int k = 0; k < 150; k++) {
            mx += x[k][0] / 150;
            my += y[k] / 150;
        }
        double sxy = 0, sxx = 0;
        for (int k = 0; k < 150; k++) {
            sxy += (x[k][0] - mx) * (y[k] - my);
            sxx += (x[k][0] - mx) * (x[k][0] - mx);
        }
        double slope = sxy / sxx, intercept = my - slope * mx, res = 0, tot = 0;
        for (int k = 150; k < n; k++) {
            double e = y[k] - (intercept + slope * x[k][0]);
            res += e * e;
            tot += (y[k] - my) * (y[k] - my);
        }
        assertEquals(1 - res / tot, r.perUnit()[0], 1e-10);
        assertEquals(0, r.bestUnitIndex());
        assertTrue(r.perUnit()[1] < 0.05, "an unrelated feature explains nothing held out");
    }

    @Test
    void aLogisticProbeReadsASeparablePropertyAndStatesItsChance() {
        Rng rng = new Rng(4);
        int n = 300;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        boolean[] train = new boolean[n];
        for (int r = 0; r < n; r++) {
            x[r][0] = rng.normal();
            x[r][1] = rng.normal();
            y[r] = x[r][1] + 0.2 * rng.normal() > 0.8 ? 1 : 0;
            train[r] = r % 3 != 0;
        }
        Probe.Result r = Probe.logistic(x, y, train, 1e-4);
        assertTrue(r.test() > 0.9, r.toString());
        assertTrue(r.chance() > 0.7 && r.chance() < 0.9, "mostly 0: the majority class's accuracy, " + r.chance());
        assertEquals(1, r.bestUnitIndex());
        assertRefuses(ArgumentException.class,
                () -> Probe.logistic(x, new double[n], new boolean[n], 0), "0 positions to fit on");
    }

    /** Four classes in the quadrants of two features, a third feature noise: pooled near perfect, one unit at half. */
    @Test
    void aClassProbeReadsSeveralClassesOneVsRest() {
        Rng rng = new Rng(5);
        int n = 800;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        boolean[] train = new boolean[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < 3; j++) x[r][j] = rng.normal();
            y[r] = (x[r][0] > 0 ? 1 : 0) + (x[r][1] > 0 ? 2 : 0) + 1;     // classes 1-4
            train[r] = r < n / 2;
        }
        Probe.Result r = Probe.classes(x, y, train, 1e-4);
        assertTrue(r.test() > 0.85, r.toString());
        assertTrue(r.perUnit()[0] > 0.4 && r.perUnit()[0] < 0.6, "one feature tells two classes of four: " + r.perUnit()[0]);
        assertTrue(r.perUnit()[2] < 0.35, "noise is near chance: " + r.perUnit()[2]);
        assertTrue(r.chance() > 0.2 && r.chance() < 0.32, r.toString());
        double[] half = y.clone();
        half[3] = 2.5;
        assertRefuses(ArgumentException.class,
                () -> Probe.classes(x, half, train, 0), "labels must be whole numbers, got 2.5 at position 3");
    }

    @Test
    void trackingUnitsAreChosenOnOnePartReportedOnTheOtherBesideAnUntrainedNull() {
        GateTrace trace = patterned();
        double[] signal = new double[2 * 12];
        boolean[] chooseOn = new boolean[24];
        for (int k = 0; k < 24; k++) {
            int t = k % 12;
            signal[k] = (t >= 3 && t < 6) || (t >= 8 && t < 10) ? 1 : 0;
            chooseOn[k] = k < 12; // sample 0 chooses, sample 1 reports
        }
        Rng rng = new Rng(9);
        SequenceModel untrained = SequenceModel.everyStep(RNN.builder(2, 4).batchFirst().dtype(DType.FLOAT64).rng(rng).build(), 1);
        GateTrace nullTrace = untrained.trace(Tensor.randn(rng, DType.FLOAT64, 2, 12, 2));
        TrackingUnits found = TrackingUnits.find(trace, nullTrace, "h", signal, chooseOn, 2);
        assertEquals(1.0, found.trained().get(0).heldOutR(), 1e-12);
        assertTrue(List.of(0, 2).contains(found.trained().get(0).unit()));
        assertTrue(found.nullLevel() < 1);
        assertEquals(4, found.table().rowCount());
    }
}
