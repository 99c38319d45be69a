package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.TracedValue;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gate saturation, after Karpathy, Johnson and Fei-Fei (2015): for each unit of a sigmoid gate, the fraction of steps
 * (over every sample and step of the trace) where it is left-saturated (below 0.1, x axis) and right-saturated (above
 * 0.9, y axis). One chart per σ gate, one colour per layer. A unit near the top left is a gate that is almost always
 * open. {@code SaturationChart.of(model.trace(inputs))}
 */
public final class SaturationChart implements Chart {
    private final GateTrace trace;
    private Direction direction = Direction.FORWARD;

    private SaturationChart(GateTrace trace) {
        if (trace == null) throw new ArgumentException("SaturationChart: the trace is null; make one with model.trace(inputs)");
        if (trace.tracedValues().stream().noneMatch(TracedValue::saturates)) {
            throw new ArgumentException("SaturationChart: the trace has no σ gates (it recorded " + trace.tracedValues()
                    + "); saturation is for values a σ makes");
        }
        this.trace = trace;
    }

    /**
     * @param trace what {@code model.trace(inputs)} returned; every layer and sample of it is counted
     * @return the chart
     */
    public static SaturationChart of(GateTrace trace) {
        return new SaturationChart(trace);
    }

    /**
     * @param d REVERSE for the backward half of a bidirectional layer
     * @return this chart
     */
    public SaturationChart direction(Direction d) {
        trace.check(0, d, trace.gates().get(0));
        this.direction = d;
        return this;
    }

    /**
     * The saturation of one gate of one layer.
     *
     * @param layer in [0, layers)
     * @param gate a σ gate of the trace
     * @return {left, right}: for each unit, the fraction of recorded steps below 0.1 and above 0.9
     */
    public double[][] fractions(int layer, String gate) {
        TracedValue value = trace.traced(gate);
        if (!value.saturates()) {
            throw new ArgumentException("SaturationChart: '" + gate + "' is " + value.describe()
                    + ", not a σ gate; saturation is for " + sigmoidGates());
        }
        Tensor v = trace.gate(layer, direction, gate);
        int units = v.dim(2), rows = v.size() / units, counted = 0;
        double[] left = new double[units], right = new double[units];
        for (int r = 0; r < rows; r++) {
            if (Double.isNaN(v.get(r * units))) continue; // past the sample's length
            counted++;
            for (int j = 0; j < units; j++) {
                double g = v.get(r * units + j);
                if (g < 0.1) left[j]++;
                if (g > 0.9) right[j]++;
            }
        }
        for (int j = 0; j < units; j++) {
            left[j] /= counted;
            right[j] /= counted;
        }
        return new double[][] {left, right};
    }

    @Override
    public String toString() {
        return "SaturationChart" + sigmoidGates();
    }

    private List<String> sigmoidGates() {
        return trace.tracedValues().stream().filter(TracedValue::saturates).map(TracedValue::name).toList();
    }

    @Override
    public List<PlotlyFigure> figures() {
        List<PlotlyFigure> out = new ArrayList<>();
        for (String gate : sigmoidGates()) {
            List<Map<String, Object>> traces = new ArrayList<>();
            for (int l = 0; l < trace.layers(); l++) {
                double[][] f = fractions(l, gate);
                traces.add(Plotly.object("type", "scatter", "mode", "markers", "x", f[0], "y", f[1],
                        "name", "layer " + l, "showlegend", true,
                        "marker", Plotly.object("color", Palette.colour(l), "size", 8)));
            }
            Map<String, Object> x = Plotly.axis("fraction left-saturated (< 0.1)"), y = Plotly.axis("fraction right-saturated (> 0.9)");
            x.put("range", new double[] {0, 1});
            y.put("range", new double[] {0, 1});
            Map<String, Object> layout = Plotly.layout("saturation of " + trace.traced(gate).describe(), x, y);
            layout.put("width", 450);
            layout.put("height", 400);
            out.add(new PlotlyFigure(traces, layout));
        }
        return out;
    }
}
