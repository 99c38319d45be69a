package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.autograd.Tensor;
import dev.gatelab.cell.TracedValue;
import dev.gatelab.nn.Direction;
import dev.gatelab.nn.GateTrace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gate saturation, after Karpathy, Johnson and Fei-Fei (2015): for each unit of a sigmoid gate, the fraction of steps
 * (over every sample and step of the trace) where it is left-saturated (below 0.1, x axis) and right-saturated (above
 * 0.9, y axis). One chart per σ gate, one colour per layer. A unit near the top left is a gate that is almost always
 * open. {@code SaturationChart.of(model.trace(inputs))}
 *
 * <p>Several models side by side, on one scale: {@code SaturationChart.of("LSTM", lstmTrace).and("GRU", gruTrace)}
 * draws one panel per model in a row, each σ gate of it in its own colour.
 */
public final class SaturationChart implements Chart {
    /** The traces by model name, in the order given; a trace given without a name is "". */
    private final Map<String, GateTrace> traces;
    private Direction direction = Direction.FORWARD;

    private SaturationChart(Map<String, GateTrace> traces) {
        traces.forEach(SaturationChart::check);
        this.traces = traces;
    }

    private static void check(String name, GateTrace trace) {
        String which = name.isEmpty() ? "the trace" : "the trace of '" + name + "'";
        if (trace == null) throw new ArgumentException("SaturationChart: " + which + " is null; make one with model.trace(inputs)");
        if (trace.tracedValues().stream().noneMatch(TracedValue::saturates)) {
            throw new ArgumentException("SaturationChart: " + which + " has no σ gates (it recorded " + trace.tracedValues()
                    + "); saturation is for values a σ makes");
        }
    }

    /**
     * @param trace what {@code model.trace(inputs)} returned; every layer and sample of it is counted
     * @return the chart
     */
    public static SaturationChart of(GateTrace trace) {
        Map<String, GateTrace> one = new LinkedHashMap<>();
        one.put("", trace);
        return new SaturationChart(one);
    }

    /**
     * @param model the model's name, e.g. "LSTM"
     * @param trace its trace
     * @return a chart of one panel, to which {@link #and} adds others beside it
     */
    public static SaturationChart of(String model, GateTrace trace) {
        return new SaturationChart(new LinkedHashMap<>()).and(model, trace);
    }

    /**
     * @param model another model's name, e.g. "GRU"
     * @param trace its trace, best on the same inputs
     * @return this chart, with that model's panel to the right of the others
     */
    public SaturationChart and(String model, GateTrace trace) {
        if (model == null || model.isBlank()) throw new ArgumentException("SaturationChart.and: give the model a name, got \"" + model + "\"");
        if (traces.containsKey("")) throw new ArgumentException("SaturationChart.and: this chart's trace has no name; start with SaturationChart.of(name, trace)");
        if (traces.containsKey(model)) throw new ArgumentException("SaturationChart.and: '" + model + "' is already in the chart");
        check(model, trace);
        traces.put(model, trace);
        return this;
    }

    /**
     * @param d REVERSE for the backward half of a bidirectional layer
     * @return this chart
     */
    public SaturationChart direction(Direction d) {
        for (GateTrace trace : traces.values()) trace.check(0, d, trace.gates().get(0));
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
        if (traces.size() > 1) {
            throw new ArgumentException("SaturationChart: this chart holds " + traces.keySet() + "; name the model: fractions(model, layer, gate)");
        }
        return fractions(traces.keySet().iterator().next(), layer, gate);
    }

    /**
     * The saturation of one gate of one layer of one model.
     *
     * @param model a model of the chart
     * @param layer in [0, layers)
     * @param gate a σ gate of that model's trace
     * @return {left, right}: for each unit, the fraction of recorded steps below 0.1 and above 0.9
     */
    public double[][] fractions(String model, int layer, String gate) {
        GateTrace trace = traces.get(model);
        if (trace == null) throw new ArgumentException("SaturationChart: no model '" + model + "'; the chart holds " + traces.keySet());
        TracedValue value = trace.traced(gate);
        if (!value.saturates()) {
            throw new ArgumentException("SaturationChart: '" + gate + "' is " + value.describe()
                    + ", not a σ gate; saturation is for " + sigmoidGates(trace));
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
        if (traces.containsKey("")) return "SaturationChart" + sigmoidGates(traces.get(""));
        StringBuilder sb = new StringBuilder("SaturationChart(");
        traces.forEach((name, trace) -> sb.append(sb.length() > 16 ? ", " : "").append(name).append(' ').append(sigmoidGates(trace)));
        return sb.append(')').toString();
    }

    private static List<String> sigmoidGates(GateTrace trace) {
        return trace.tracedValues().stream().filter(TracedValue::saturates).map(TracedValue::name).toList();
    }

    @Override
    public List<PlotlyFigure> figures() {
        return traces.containsKey("") ? perGate(traces.get("")) : sideBySide();
    }

    /**
     * One figure, a square panel per model in a row (Plotly's axes x, x2, … each given a slice of the width), every
     * σ gate of every layer a colour of its own, so a unit of one model's f can be read against the other's z.
     */
    private List<PlotlyFigure> sideBySide() {
        int n = traces.size(), panel = 0, colour = 0;
        double gap = 0.06, width = (1 - gap * (n - 1)) / n;
        List<Map<String, Object>> data = new ArrayList<>();
        Map<String, Object> layout = Plotly.layout("gate saturation, side by side", null, null);
        List<Map<String, Object>> titles = new ArrayList<>();
        for (Map.Entry<String, GateTrace> e : traces.entrySet()) {
            String suffix = panel == 0 ? "" : String.valueOf(panel + 1);
            GateTrace trace = e.getValue();
            Map<String, double[][]> panelUnits = new LinkedHashMap<>();
            for (int l = 0; l < trace.layers(); l++) {
                for (String gate : sigmoidGates(trace)) {
                    double[][] f = fractions(e.getKey(), l, gate);
                    String name = e.getKey() + " " + gate + (trace.layers() > 1 ? ", layer " + l : "");
                    panelUnits.put(name, f);
                    Map<String, Object> points = units(f, name, Palette.colour(colour++), 7);
                    points.put("xaxis", "x" + suffix);
                    points.put("yaxis", "y" + suffix);
                    data.add(points);
                }
            }
            titles.addAll(pileNotes(panelUnits, "x" + suffix, "y" + suffix));
            double from = panel * (width + gap);
            Map<String, Object> x = Plotly.axis("fraction left-saturated (< 0.1)"), y = Plotly.axis(panel == 0 ? "fraction right-saturated (> 0.9)" : "");
            x.put("range", new double[] {-0.02, 1.02});
            y.put("range", new double[] {-0.02, 1.02});
            x.put("domain", new double[] {from, from + width});
            x.put("anchor", "y" + suffix);
            y.put("anchor", "x" + suffix);
            layout.put("xaxis" + suffix, x);
            layout.put("yaxis" + suffix, y);
            titles.add(Plotly.object("text", e.getKey(), "xref", "paper", "yref", "paper", "x", from + width / 2, "y", 1,
                    "xanchor", "center", "yanchor", "bottom", "showarrow", false));
            panel++;
        }
        layout.put("annotations", titles);
        layout.put("legend", Plotly.object("itemsizing", "constant"));
        layout.put("width", 380 * n + 160);
        layout.put("height", 420);
        return List.of(new PlotlyFigure(data, layout));
    }

    /**
     * One trace of a gate's units: units on the same point (30 of 32 at (0, 0) when a gate never saturates) become one
     * marker, larger with their number, so that a pile is not read as one unit; {@link #pileNotes} says how many.
     */
    static Map<String, Object> units(double[][] fractions, String name, String colour, int size) {
        Map<Point, Integer> count = piles(fractions);
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), sizes = new ArrayList<>();
        List<String> hovers = new ArrayList<>();
        count.forEach((point, k) -> {
            xs.add(point.x());
            ys.add(point.y());
            sizes.add(size * Math.sqrt(k));
            hovers.add(k + (k == 1 ? " unit" : " units") + " at (" + point.x() + ", " + point.y() + ")");
        });
        return Plotly.object("type", "scatter", "mode", "markers", "x", xs, "y", ys, "cliponaxis", false,
                "hovertext", hovers, "hoverinfo", "text+name", "name", name, "showlegend", true,
                "marker", Plotly.object("color", colour, "size", sizes, "opacity", 0.8, "sizemode", "diameter"));
    }

    /**
     * One note per point where several units sit, on one panel: the piles of every trace there in one label
     * ("LSTM i ×32, LSTM f ×32"), so that piles of several gates on one point neither hide nor overprint each other.
     */
    static List<Map<String, Object>> pileNotes(Map<String, double[][]> byName, String xAxis, String yAxis) {
        Map<Point, List<String>> notes = new LinkedHashMap<>();
        byName.forEach((name, f) -> piles(f).forEach((point, k) -> {
            if (k > 1) notes.computeIfAbsent(point, p -> new ArrayList<>()).add(name + " ×" + k);
        }));
        List<Map<String, Object>> out = new ArrayList<>();
        notes.forEach((point, names) -> {
            out.add(Plotly.object("x", point.x(), "y", point.y(), "xref", xAxis, "yref", yAxis,
                    "text", String.join("<br>", names), "showarrow", false, "xanchor", "left", "yanchor", "bottom",
                    "xshift", 10, "yshift", 6, "align", "left"));
        });
        return out;
    }

    /** A unit's place on the chart: its fractions left- and right-saturated. */
    private record Point(double x, double y) {}

    private static Map<Point, Integer> piles(double[][] fractions) {
        Map<Point, Integer> count = new LinkedHashMap<>();
        for (int j = 0; j < fractions[0].length; j++) count.merge(new Point(fractions[0][j], fractions[1][j]), 1, Integer::sum);
        return count;
    }

    private List<PlotlyFigure> perGate(GateTrace trace) {
        List<PlotlyFigure> out = new ArrayList<>();
        for (String gate : sigmoidGates(trace)) {
            List<Map<String, Object>> traces = new ArrayList<>();
            Map<String, double[][]> figureUnits = new LinkedHashMap<>();
            for (int l = 0; l < trace.layers(); l++) {
                double[][] f = fractions("", l, gate);
                figureUnits.put("layer " + l, f);
                traces.add(units(f, "layer " + l, Palette.colour(l), 8));
            }
            Map<String, Object> x = Plotly.axis("fraction left-saturated (< 0.1)"), y = Plotly.axis("fraction right-saturated (> 0.9)");
            x.put("range", new double[] {0, 1});
            y.put("range", new double[] {0, 1});
            Map<String, Object> layout = Plotly.layout("saturation of " + trace.traced(gate).describe(), x, y);
            layout.put("legend", Plotly.object("itemsizing", "constant"));
            layout.put("annotations", pileNotes(figureUnits, "x", "y"));
            layout.put("width", 450);
            layout.put("height", 400);
            out.add(new PlotlyFigure(traces, layout));
        }
        return out;
    }
}
