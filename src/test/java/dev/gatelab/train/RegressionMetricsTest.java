package dev.gatelab.train;

import static dev.gatelab.Refusals.assertRefuses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.DType;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.data.Forecasts;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;

/** MAE and RMSE as Keras computes them, in scaled or original units, and a column read at the best epoch. */
class RegressionMetricsTest {
    private static Tensor of(double... v) {
        Tensor t = Tensor.zeros(DType.FLOAT64, v.length, 1);
        for (int i = 0; i < v.length; i++) t.set(i, v[i]);
        return t;
    }

    @Test
    void maeAndRmseByHandAndInTheDatasUnits() {
        Tensor prediction = of(0.1, 0.5, 0.9, 0.4), target = of(0.2, 0.5, 0.6, 0.0);
        // |errors| 0.1, 0, 0.3, 0.4: mean 0.2; squares 0.01, 0, 0.09, 0.16: mean 0.065
        assertEquals(0.2, Metric.mae().compute(prediction, target), 1e-15);
        assertEquals(Math.sqrt(0.065), Metric.rmse().compute(prediction, target), 1e-15);
        // A min–max scale of [−5, 35] °C: errors back in degrees are 40 times the scaled ones.
        assertEquals(8.0, Metric.mae().inUnits(v -> -5 + 40 * v).compute(prediction, target), 1e-12);
        assertEquals(40 * Math.sqrt(0.065), Metric.rmse().inUnits(v -> -5 + 40 * v).compute(prediction, target), 1e-12);
        assertEquals(0.2, Forecasts.mae(new double[] {0.1, 0.5, 0.9, 0.4}, new double[] {0.2, 0.5, 0.6, 0.0}), 1e-15);
        // Two targets through their scaler, each column at its own scale (10 and 100): errors 1 and 10, mean 5.5.
        dev.gatelab.data.Scaler two = dev.gatelab.data.Scaler.minMax(new double[][] {{0, 0}, {10, 100}});
        Tensor p2 = Tensor.zeros(DType.FLOAT64, 1, 2), t2 = Tensor.zeros(DType.FLOAT64, 1, 2);
        p2.set(0, 0.1);
        p2.set(1, 0.1);
        t2.set(0, 0.2);
        t2.set(1, 0.2);
        assertEquals(5.5, Metric.mae().inUnits(two).compute(p2, t2), 1e-12);
        assertRefuses(ArgumentException.class, () -> Metric.mae().compute(of(1, 2), of(1, 2, 3)),
                "Metric.mae: the prediction is [2, 1] and the target [3, 1]; they must match");
        assertRefuses(ArgumentException.class, () -> Forecasts.mae(new double[2], new double[3]),
                "Forecasts.mae: 2 forecasts for 3 values");
        assertRefuses(ArgumentException.class, () -> new dev.gatelab.nn.HuberLoss(dev.gatelab.nn.Reduction.MEAN, 0),
                "HuberLoss: delta must be positive and finite, got 0.0");
    }

    @Test
    void aColumnIsReadAtTheEpochWhereAnotherWasBest() {
        History h = History.of(Table.create("run", IntColumn.create("epoch", 1, 2, 3, 4), DoubleColumn.create("train_loss", 1, 1, 1, 1),
                DoubleColumn.create("val_loss", 0.9, 0.4, 0.3, 0.5), DoubleColumn.create("val_mae", 3.0, 2.0, 1.5, 2.5)));
        assertEquals(3, h.bestEpoch("val_loss"));
        assertEquals(1.5, h.atBest("val_mae", "val_loss"));
        assertEquals(0.3, h.atBest("val_loss", "val_loss"));
        assertRefuses(ArgumentException.class, () -> h.atBest("val_rmse", "val_loss"), "no column 'val_rmse'");
        assertEquals(3.0, h.atBest("epoch", "val_loss"), "an int column is read too");
        // NaN is never best, as early stopping never counts it; a column that is NaN throughout has no best epoch.
        History nan = History.of(Table.create("run", IntColumn.create("epoch", 1, 2, 3), DoubleColumn.create("train_loss", 1, 1, 1),
                DoubleColumn.create("val_loss", Double.NaN, 0.4, 0.3), DoubleColumn.create("val_mae", 9, 2, 1)));
        assertEquals(3, nan.bestEpoch("val_loss"));
        History none = History.of(Table.create("run", IntColumn.create("epoch", 1, 2), DoubleColumn.create("train_loss", 1, 1),
                DoubleColumn.create("val_loss", Double.NaN, Double.NaN)));
        assertRefuses(ArgumentException.class, () -> none.bestEpoch("val_loss"), "'val_loss' is NaN at every epoch");
    }
}
