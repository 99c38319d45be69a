package dev.gatelab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Named series against a shared x axis: predictions against targets, gradient norms against time, cell-state
 * trajectories. {@code SeriesChart.of("truth", y).and("forecast", p).title("…").axes("month", "passengers")}
 */
public final class SeriesChart implements Chart {
    private final Map<String, double[]> series = new LinkedHashMap<>();
    private double[] x;
    private String title = "", xTitle = "step", yTitle = "value";
    private boolean log;

    public static SeriesChart of(String name, double[] values) {
        return new SeriesChart().and(name, values);
    }

    public SeriesChart and(String name, double[] values) {
        series.put(name, values.clone());
        return this;
    }

    /** The x values (0, 1, 2, … when not given). */
    public SeriesChart x(double[] values) {
        this.x = values.clone();
        return this;
    }

    public SeriesChart title(String t) {
        this.title = t;
        return this;
    }

    public SeriesChart axes(String xAxis, String yAxis) {
        this.xTitle = xAxis;
        this.yTitle = yAxis;
        return this;
    }

    public SeriesChart logScale() {
        this.log = true;
        return this;
    }

    @Override
    public String toString() {
        return "SeriesChart" + series.keySet();
    }

    @Override
    public List<Figure> figures() {
        List<Trace> traces = new ArrayList<>();
        int k = 0;
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            double[] y = s.getValue();
            double[] xs = x;
            if (xs == null || xs.length != y.length) {
                xs = new double[y.length];
                for (int i = 0; i < xs.length; i++) xs[i] = x != null && i < x.length ? x[i] : i;
            }
            traces.add(LossChart.line(xs, y, s.getKey(), Palette.colour(k++), Line.Dash.SOLID));
        }
        Layout layout = Layout.builder().title(title).showLegend(true).xAxis(Axis.builder().title(xTitle).build())
                .yAxis(Axis.builder().title(yTitle + (log ? " (log scale)" : "")).type(log ? Axis.Type.LOG : Axis.Type.LINEAR).build())
                .build();
        return List.of(new Figure(layout, traces.toArray(new Trace[0])));
    }
}
