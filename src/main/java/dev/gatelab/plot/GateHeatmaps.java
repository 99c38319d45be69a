package dev.gatelab.plot;

import dev.gatelab.ArgumentException;
import dev.gatelab.nn.GateTrace;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.HeatmapTrace;

/**
 * One heatmap per gate, time along x (labelled with the input tokens when given) and units along y, for one sample,
 * layer and direction. {@code GateHeatmaps.of(lstm.lastTrace()).tokens("hello world").gates("f", "c")}
 */
public final class GateHeatmaps implements Chart {
    private final GateTrace trace;
    private int layer, sample;
    private String direction = "forward";
    private List<String> gates;
    private String[] tokens;
    private int maxUnits = Integer.MAX_VALUE;

    private GateHeatmaps(GateTrace trace) {
        if (trace == null) {
            throw new ArgumentException("GateHeatmaps: no trace; call recordGates(true) on the layer before its forward");
        }
        this.trace = trace;
        this.gates = trace.gates();
    }

    public static GateHeatmaps of(GateTrace trace) {
        return new GateHeatmaps(trace);
    }

    public GateHeatmaps layer(int l) {
        this.layer = l;
        return this;
    }

    public GateHeatmaps sample(int s) {
        this.sample = s;
        return this;
    }

    public GateHeatmaps direction(String d) {
        this.direction = d;
        return this;
    }

    public GateHeatmaps gates(String... names) {
        this.gates = List.of(names);
        return this;
    }

    /** Shows only the first {@code n} units, to keep a wide layer readable. */
    public GateHeatmaps units(int n) {
        this.maxUnits = n;
        return this;
    }

    /** Labels for the time axis, one per step (e.g. the characters of the input). */
    public GateHeatmaps tokens(String... labels) {
        this.tokens = labels.clone();
        return this;
    }

    /** The characters of {@code text} as the time axis labels. */
    public GateHeatmaps tokens(String text) {
        String[] t = new String[text.length()];
        for (int i = 0; i < t.length; i++) t[i] = (i + 1) + ":" + (text.charAt(i) == ' ' ? "␣" : String.valueOf(text.charAt(i)));
        this.tokens = t;
        return this;
    }

    @Override
    public String toString() {
        return "GateHeatmaps" + gates;
    }

    @Override
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (String gate : gates) {
            DMatrixRMaj m = trace.matrix(layer, direction, sample, gate);
            int steps = m.numRows, units = Math.min(m.numCols, maxUnits);
            Object[] x = new Object[steps], y = new Object[units];
            for (int t = 0; t < steps; t++) x[t] = tokens != null && t < tokens.length ? tokens[t] : String.valueOf(t);
            for (int j = 0; j < units; j++) y[j] = "unit " + j;
            double[][] z = new double[units][steps];
            for (int j = 0; j < units; j++) for (int t = 0; t < steps; t++) z[j][t] = m.get(t, j);
            Layout layout = Layout.builder().title("gate " + gate + " (layer " + layer + ", " + direction + ", sample "
                    + sample + ")").height(Math.max(250, 60 + 18 * units)).width(Math.max(500, Math.min(1200, 80 + 14 * steps)))
                    .xAxis(Axis.builder().title(tokens != null ? "input" : "time step").build())
                    .yAxis(Axis.builder().title("unit").build()).build();
            out.add(new Figure(layout, HeatmapTrace.builder(x, y, z).build()));
        }
        return out;
    }
}
