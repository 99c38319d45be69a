package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Chosen units of one gate (the cell state c by default, h for a layer without one) over the steps, a line each: the
 * memory of a network, step by step. {@code TrajectoryChart.of(trace).units(3, 7)} or {@code .mostActive(4)} for the
 * units whose value ranges widest. Arguments are checked against the trace when they are set.
 */
public final class TrajectoryChart implements Chart {
    private final GateTrace trace;
    private int layer, sample;
    private Direction direction = Direction.FORWARD;
    private String gate = "c";
    private int[] units;
    private int mostActive = 4;
    private String[] tokens;

    private TrajectoryChart(GateTrace trace) {
        if (trace == null) throw new ArgumentException("TrajectoryChart: the trace is null; make one with model.trace(inputs)");
        this.trace = trace;
        if (!trace.gates().contains("c")) this.gate = "h";
    }

    /**
     * @param trace what {@code model.trace(inputs)} returned
     * @return the four most active units of c (or h) of layer 0, forward, sample 0
     */
    public static TrajectoryChart of(GateTrace trace) {
        return new TrajectoryChart(trace);
    }

    /**
     * @param name a gate or state of the trace
     * @return this chart
     */
    public TrajectoryChart gate(String name) {
        trace.check(layer, direction, name);
        this.gate = name;
        return this;
    }

    /**
     * @param l the layer
     * @return this chart
     */
    public TrajectoryChart layer(int l) {
        trace.check(l, direction, gate);
        this.layer = l;
        return this;
    }

    /**
     * @param s the sample
     * @return this chart
     */
    public TrajectoryChart sample(int s) {
        trace.checkSample(s);
        this.sample = s;
        return this;
    }

    /**
     * @param d the direction
     * @return this chart
     */
    public TrajectoryChart direction(Direction d) {
        trace.check(layer, d, gate);
        this.direction = d;
        return this;
    }

    /**
     * @param chosen the units to draw
     * @return this chart
     */
    public TrajectoryChart units(int... chosen) {
        int width = trace.gate(layer, direction, gate, sample).dim(1);
        for (int u : chosen) {
            if (u < 0 || u >= width) throw new ArgumentException("TrajectoryChart.units: unit " + u + " is outside [0, " + width + ")");
        }
        this.units = chosen.clone();
        return this;
    }

    /**
     * Labels for the steps, one per step of the trace.
     *
     * @param labels the step labels
     * @return this chart
     */
    public TrajectoryChart tokens(String... labels) {
        if (labels.length != trace.steps()) {
            throw new ArgumentException("TrajectoryChart.tokens: " + labels.length + " labels for " + trace.steps() + " steps");
        }
        this.tokens = labels.clone();
        return this;
    }

    /**
     * The units whose value spans the widest range over the sequence.
     *
     * @param n how many, at least 1
     * @return this chart
     */
    public TrajectoryChart mostActive(int n) {
        if (n < 1) throw new ArgumentException("TrajectoryChart.mostActive: n must be at least 1, got " + n);
        this.units = null;
        this.mostActive = n;
        return this;
    }

    /** @return the units drawn, in order */
    public int[] chosenUnits() {
        if (units != null) return units.clone();
        Tensor m = trace.gate(layer, direction, gate, sample);
        int steps = m.dim(0), width = m.dim(1);
        double[] spread = new double[width];
        for (int j = 0; j < width; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < steps; t++) {
                double v = m.get(t * width + j);
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            spread[j] = hi - lo;
        }
        return IntStream.range(0, width).boxed().sorted(Comparator.comparingDouble(j -> -spread[j]))
                .limit(mostActive).mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return "TrajectoryChart[" + gate + " units " + Arrays.toString(chosenUnits()) + "]";
    }

    @Override
    public List<PlotlyFigure> figures() {
        Tensor m = trace.gate(layer, direction, gate, sample);
        int steps = m.dim(0), width = m.dim(1);
        SeriesChart chart = null;
        for (int j : chosenUnits()) {
            double[] series = new double[steps];
            for (int t = 0; t < steps; t++) series[t] = m.get(t * width + j);
            chart = chart == null ? SeriesChart.of("unit " + j, series) : chart.and("unit " + j, series);
        }
        List<PlotlyFigure> figs = chart.title(trace.traced(gate).describe() + " over the steps (layer " + layer + ", "
                + direction + ", sample " + sample + ")").axes("step", gate).figures();
        if (tokens != null) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> x = (java.util.Map<String, Object>) figs.get(0).layout().get("xaxis");
            int[] idx = IntStream.range(0, steps).toArray();
            x.put("tickmode", "array");
            x.put("tickvals", idx);
            x.put("ticktext", tokens);
        }
        return figs;
    }
}
