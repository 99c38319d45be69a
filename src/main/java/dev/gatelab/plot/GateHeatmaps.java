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
 * One heatmap per gate, steps along x (every step labelled, with the input's tokens when given) and units along y
 * (every unit labelled), for one sample, layer and direction. Colours have fixed ranges, the same in every chart:
 * on the range its cell's equations allow: σ gates on [0, 1], tanh values on [−1, 1], unbounded values symmetric around 0
 * ({@link ColourRange}). Arguments are
 * checked against the trace when they are set.
 * {@code GateHeatmaps.of(trace).tokens("hello world").gates("f", "c")}
 */
public final class GateHeatmaps implements Chart {
    private final GateTrace trace;
    private int layer, sample;
    private Direction direction = Direction.FORWARD;
    private List<String> gates;
    private String[] tokens;
    private int maxUnits = Integer.MAX_VALUE;

    private GateHeatmaps(GateTrace trace) {
        if (trace == null) throw new ArgumentException("GateHeatmaps: the trace is null; make one with model.trace(inputs)");
        this.trace = trace;
        this.gates = trace.gates();
    }

    /**
     * @param trace what {@code model.trace(inputs)} returned
     * @return heatmaps of every gate of layer 0, forward, sample 0
     */
    public static GateHeatmaps of(GateTrace trace) {
        return new GateHeatmaps(trace);
    }

    /**
     * @param l the layer to show
     * @return this chart
     */
    public GateHeatmaps layer(int l) {
        trace.check(l, direction, gates.get(0));
        this.layer = l;
        return this;
    }

    /**
     * @param s the sample to show
     * @return this chart
     */
    public GateHeatmaps sample(int s) {
        trace.checkSample(s);
        this.sample = s;
        return this;
    }

    /**
     * @param d the direction to show (REVERSE for the backward half of a bidirectional layer)
     * @return this chart
     */
    public GateHeatmaps direction(Direction d) {
        trace.check(layer, d, gates.get(0));
        this.direction = d;
        return this;
    }

    /**
     * @param names the gates to show, in this order, from {@link GateTrace#gates()}
     * @return this chart
     */
    public GateHeatmaps gates(String... names) {
        if (names.length == 0) throw new ArgumentException("GateHeatmaps.gates: name at least one of " + trace.gates());
        for (String g : names) trace.check(layer, direction, g);
        this.gates = List.of(names);
        return this;
    }

    /**
     * Shows only the first units, to keep a wide layer readable.
     *
     * @param n how many, at least 1
     * @return this chart
     */
    public GateHeatmaps units(int n) {
        if (n < 1) throw new ArgumentException("GateHeatmaps.units: n must be at least 1, got " + n);
        this.maxUnits = n;
        return this;
    }

    /**
     * Labels for the steps.
     *
     * @param labels one per step of the trace
     * @return this chart
     */
    public GateHeatmaps tokens(String... labels) {
        if (labels.length != trace.steps()) {
            throw new ArgumentException("GateHeatmaps.tokens: " + labels.length + " labels for a trace of "
                    + trace.steps() + " steps; give one per step");
        }
        this.tokens = labels.clone();
        return this;
    }

    /**
     * The characters of a text as the step labels (a space shown as ␣, a line break as ⏎).
     *
     * @param text one character per step of the trace
     * @return this chart
     */
    public GateHeatmaps tokens(String text) {
        String[] t = new String[text.length()];
        for (int i = 0; i < t.length; i++) {
            char c = text.charAt(i);
            t[i] = c == ' ' ? "␣" : c == '\n' ? "⏎" : String.valueOf(c);
        }
        return tokens(t);
    }

    @Override
    public String toString() {
        return "GateHeatmaps" + gates;
    }

    @Override
    public List<PlotlyFigure> figures() {
        List<PlotlyFigure> out = new ArrayList<>();
        int steps = trace.steps();
        for (String gate : gates) {
            Tensor m = trace.gate(layer, direction, gate, sample);
            int units = Math.min(m.dim(1), maxUnits);
            double[][] z = new double[units][steps];
            for (int j = 0; j < units; j++) for (int t = 0; t < steps; t++) z[j][t] = m.get(t * m.dim(1) + j);
            List<List<Double>> zRows = new ArrayList<>();
            for (double[] row : z) zRows.add(Plotly.finiteOrNull(row));
            int[] stepIndex = new int[steps], unitIndex = new int[units];
            String[] stepText = new String[steps], unitText = new String[units];
            for (int t = 0; t < steps; t++) {
                stepIndex[t] = t;
                stepText[t] = tokens != null ? tokens[t] : String.valueOf(t);
            }
            for (int j = 0; j < units; j++) {
                unitIndex[j] = j;
                unitText[j] = "unit " + j;
            }
            TracedValue value = trace.traced(gate);
            double[] range = ColourRange.of(value, m);
            int height = Math.max(300, 120 + 16 * units);
            // The colour bar is as tall as the plot (height less about 160 px of margins and title): a tick per 30 px
            // at most, or a short heatmap's labels print over each other.
            int ticks = Math.max(2, Math.min(8, (height - 160) / 30));
            Map<String, Object> heat = Plotly.object("type", "heatmap", "x", stepIndex, "y", unitIndex, "z", zRows,
                    "zmin", range[0], "zmax", range[1], "colorscale", ColourRange.scale(value),
                    "colorbar", Plotly.object("title", Plotly.object("text", gate), "nticks", ticks, "thickness", 14));
            Map<String, Object> xAxis = Plotly.axis(tokens != null ? "step (input token)" : "step");
            xAxis.put("tickmode", "array");
            xAxis.put("tickvals", stepIndex);
            xAxis.put("ticktext", stepText);
            Map<String, Object> yAxis = Plotly.axis("unit");
            yAxis.put("tickmode", "array");
            yAxis.put("tickvals", unitIndex);
            yAxis.put("ticktext", unitText);
            Map<String, Object> layout = Plotly.layout(value.describe() + " (layer " + layer + ", "
                    + direction + ", sample " + sample + ")", xAxis, yAxis);
            layout.put("width", Math.max(520, 160 + 16 * steps));
            layout.put("height", height);
            layout.put("showlegend", false);
            out.add(new PlotlyFigure(List.of(heat), layout));
        }
        return out;
    }
}
