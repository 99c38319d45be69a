package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.nn.GateTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.plotly.components.Figure;

/**
 * Chosen units of one gate (the cell state c by default) over time, a line each: the memory of a network, step by
 * step. {@code TrajectoryChart.of(trace).units(3, 7)} or {@code .mostActive(4)} for the units whose value ranges
 * widest.
 */
public final class TrajectoryChart implements Chart {
    private final GateTrace trace;
    private int layer, sample;
    private String direction = "forward", gate = "c";
    private int[] units;
    private int mostActive = 4;

    private TrajectoryChart(GateTrace trace) {
        if (trace == null) {
            throw new ArgumentException("TrajectoryChart: no trace; call recordGates(true) on the layer before its forward");
        }
        this.trace = trace;
        if (!trace.gates().contains("c")) this.gate = "h";
    }

    public static TrajectoryChart of(GateTrace trace) {
        return new TrajectoryChart(trace);
    }

    public TrajectoryChart gate(String name) {
        this.gate = name;
        return this;
    }

    public TrajectoryChart layer(int l) {
        this.layer = l;
        return this;
    }

    public TrajectoryChart sample(int s) {
        this.sample = s;
        return this;
    }

    public TrajectoryChart direction(String d) {
        this.direction = d;
        return this;
    }

    public TrajectoryChart units(int... chosen) {
        this.units = chosen.clone();
        return this;
    }

    /** The {@code n} units whose value spans the widest range over the sequence. */
    public TrajectoryChart mostActive(int n) {
        this.units = null;
        this.mostActive = n;
        return this;
    }

    /** The units drawn, in order. */
    public int[] chosenUnits() {
        if (units != null) return units.clone();
        DMatrixRMaj m = trace.matrix(layer, direction, sample, gate);
        double[] spread = new double[m.numCols];
        for (int j = 0; j < m.numCols; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < m.numRows; t++) {
                if (Double.isNaN(m.get(t, j))) continue;
                lo = Math.min(lo, m.get(t, j));
                hi = Math.max(hi, m.get(t, j));
            }
            spread[j] = hi - lo;
        }
        return IntStream.range(0, m.numCols).boxed().sorted(Comparator.comparingDouble(j -> -spread[j]))
                .limit(mostActive).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "TrajectoryChart[" + gate + " units " + Arrays.toString(chosenUnits()) + "]";
    }

    @Override
    public List<Figure> figures() {
        DMatrixRMaj m = trace.matrix(layer, direction, sample, gate);
        SeriesChart chart = null;
        for (int j : chosenUnits()) {
            double[] series = new double[m.numRows];
            for (int t = 0; t < m.numRows; t++) series[t] = m.get(t, j);
            chart = chart == null ? SeriesChart.of("unit " + j, series) : chart.and("unit " + j, series);
        }
        if (chart == null) return new ArrayList<>();
        return chart.title(gate + " over time (layer " + layer + ", " + direction + ", sample " + sample + ")")
                .axes("step", gate).figures();
    }
}
