package dev.gatelab.plot;

import dev.gatelab.nn.GateTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Gate saturation, after Karpathy, Johnson and Fei-Fei (2015): for each unit of a sigmoid gate, the fraction of steps
 * (over all samples) where it is left-saturated (below 0.1, x axis) and right-saturated (above 0.9, y axis). One
 * chart per gate, one colour per layer. A unit near the top left is a gate that is almost always open.
 */
public final class SaturationChart implements Chart {
    private static final Set<String> SIGMOID_GATES = Set.of("i", "f", "o", "r", "z");
    private final GateTrace trace;
    private final int layers, samples;
    private String direction = "forward";

    private SaturationChart(GateTrace trace, int layers, int samples) {
        this.trace = trace;
        this.layers = layers;
        this.samples = samples;
    }

    /** Saturation over {@code samples} samples of a trace of {@code layers} layers. */
    public static SaturationChart of(GateTrace trace, int layers, int samples) {
        return new SaturationChart(trace, layers, samples);
    }

    public SaturationChart direction(String d) {
        this.direction = d;
        return this;
    }

    /** {left, right} fractions per unit of one gate and layer. */
    public double[][] fractions(int layer, String gate) {
        double[] left = null, right = null;
        int counted = 0;
        for (int s = 0; s < samples; s++) {
            DMatrixRMaj m = trace.matrix(layer, direction, s, gate);
            if (left == null) {
                left = new double[m.numCols];
                right = new double[m.numCols];
            }
            for (int t = 0; t < m.numRows; t++) {
                if (Double.isNaN(m.get(t, 0))) continue;
                counted++;
                for (int j = 0; j < m.numCols; j++) {
                    if (m.get(t, j) < 0.1) left[j]++;
                    if (m.get(t, j) > 0.9) right[j]++;
                }
            }
        }
        for (int j = 0; j < left.length; j++) {
            left[j] /= counted;
            right[j] /= counted;
        }
        return new double[][] {left, right};
    }

    @Override
    public String toString() {
        return "SaturationChart" + trace.gates();
    }

    @Override
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (String gate : trace.gates()) {
            if (!SIGMOID_GATES.contains(gate)) continue;
            List<Trace> traces = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                double[][] f = fractions(l, gate);
                traces.add(ScatterTrace.builder(f[0], f[1]).mode(ScatterTrace.Mode.MARKERS).name("layer " + l)
                        .showLegend(true).marker(Marker.builder().color(Palette.colour(l)).size(8).build()).build());
            }
            Layout layout = Layout.builder().title("saturation of gate " + gate).showLegend(true).width(450).height(400)
                    .xAxis(Axis.builder().title("fraction left-saturated (< 0.1)").range(0, 1).build())
                    .yAxis(Axis.builder().title("fraction right-saturated (> 0.9)").range(0, 1).build()).build();
            out.add(new Figure(layout, traces.toArray(new Trace[0])));
        }
        return out;
    }
}
